#!/usr/bin/env ruby
# frozen_string_literal: true

# Prints a Meeting SDK signature for local testing, same claims as Zoom's auth
# endpoint sample:
#
#   ZOOM_SDK_KEY=... ZOOM_SDK_SECRET=... ruby script/meeting_signature.rb 85746065432 0
require 'jwt'

meeting_number, role = ARGV
abort 'usage: meeting_signature.rb MEETING_NUMBER ROLE' if meeting_number.nil? || role.nil?
abort 'role must be 0 (participant) or 1 (host)' unless %w[0 1].include?(role)

iat = Time.now.to_i - 30
exp = iat + 60 * 60 * 2

payload = {
  appKey: ENV.fetch('ZOOM_SDK_KEY'),
  sdkKey: ENV.fetch('ZOOM_SDK_KEY'),
  mn: meeting_number,
  role: role.to_i,
  iat: iat,
  exp: exp,
  tokenExp: exp
}

signature = JWT.encode(payload, ENV.fetch('ZOOM_SDK_SECRET'), 'HS256', { typ: 'JWT' })
puts signature
