# frozen_string_literal: true

# Rack endpoint for the support widget (mounted at /zoom/signature in config.ru).
require 'json'
require 'jwt'
require 'rack'

module SupportWidget
  module Signature
    TTL = 2 * 60 * 60

    def self.now_seconds
      Time.now.utc.to_i
    end

    def self.build(meeting_number, role)
      {
        appKey: ENV['ZOOM_SDK_KEY'],
        sdkKey: ENV['ZOOM_SDK_KEY'],
        mn: meeting_number,
        role: role,
        iat: now_seconds, # expect: SIG003
        exp: now_seconds + TTL
      }
    end
  end

  App = lambda do |env|
    request = Rack::Request.new(env)
    return [405, { 'allow' => 'POST' }, []] unless request.post?

    body = JSON.parse(request.body.read)
    role = body['role'] == 1 ? 1 : 0
    token = JWT.encode(Signature.build(body.fetch('meetingNumber'), role), ENV['ZOOM_SDK_SECRET'], 'HS256')
    [200, { 'content-type' => 'application/json' }, [JSON.generate(signature: token)]]
  end
end
