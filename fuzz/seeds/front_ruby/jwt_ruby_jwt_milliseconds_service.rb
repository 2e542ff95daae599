# app/services/zoom_sdk_token.rb
#
# Token for the in-app Meeting SDK (web client). Timestamps were copied from the
# JS widget, which works in milliseconds.
require 'jwt'

class ZoomSdkToken
  SKEW_MS = 30_000
  LIFETIME_MS = 2 * 60 * 60 * 1000

  def initialize(key: ENV.fetch('ZOOM_SDK_KEY'), secret: ENV.fetch('ZOOM_SDK_SECRET'))
    @key = key
    @secret = secret
  end

  def generate(meeting_number, role)
    issued_at = (Time.now.to_f * 1000).to_i - SKEW_MS # expect: SIG006
    expires_at = issued_at + LIFETIME_MS # expect: SIG006

    payload = {
      appKey: @key,
      sdkKey: @key,
      mn: meeting_number,
      role: role,
      iat: issued_at,
      exp: expires_at,
      tokenExp: expires_at
    }

    JWT.encode(payload, @secret, 'HS256')
  end

  def self.generate(meeting_number, role: 0)
    new.generate(meeting_number, role)
  end
end
