# app/services/zoom/meeting_signature.rb: the Meeting SDK signature without the
# jwt gem. Support tickets say joins fail "sometimes" and work on retry.
require 'base64'
require 'json'
require 'openssl'

module Zoom
  class MeetingSignature
    HEADER = { alg: 'HS256', typ: 'JWT' }.freeze

    def initialize(meeting_number:, role:)
      @meeting_number = meeting_number.to_s.delete(' ')
      @role = role
    end

    def call
      iat = Time.now.to_i
      exp = iat + 2 * 60 * 60
      payload = {
        appKey: sdk_key,
        sdkKey: sdk_key,
        mn: @meeting_number,
        role: @role,
        iat: iat,
        exp: exp,
        tokenExp: exp
      }

      header_segment = Base64.strict_encode64(HEADER.to_json)
      payload_segment = Base64.strict_encode64(payload.to_json)
      signing_input = "#{header_segment}.#{payload_segment}"
      digest = OpenSSL::HMAC.digest('SHA256', sdk_secret, signing_input)
      "#{signing_input}.#{Base64.strict_encode64(digest)}"
    end

    private

    def sdk_key
      ENV.fetch('ZOOM_SDK_KEY')
    end

    def sdk_secret
      ENV.fetch('ZOOM_SDK_SECRET')
    end
  end
end

puts Zoom::MeetingSignature.new(meeting_number: ENV['MEETING_NUMBER'], role: ENV['ROLE'].to_i).call
