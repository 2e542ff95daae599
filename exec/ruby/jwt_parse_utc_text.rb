# lib/zoom/signature.rb: the signature's times are taken "in UTC" by formatting the UTC
# time and parsing it back. The staging server runs in America/Los_Angeles.
require 'base64'
require 'json'
require 'openssl'
require 'time'

module Zoom
  module Signature
    LIFETIME = 2 * 60 * 60

    module_function

    def b64url(data)
      Base64.urlsafe_encode64(data, padding: false)
    end

    def issued_at
      Time.parse(Time.now.utc.strftime('%Y-%m-%d %H:%M:%S')).to_i - 30
    end

    def generate(meeting_number, role)
      iat = issued_at
      payload = {
        appKey: ENV.fetch('ZOOM_SDK_KEY'),
        sdkKey: ENV.fetch('ZOOM_SDK_KEY'),
        mn: meeting_number,
        role: role,
        iat: iat,
        exp: iat + LIFETIME,
        tokenExp: iat + LIFETIME
      }
      input = "#{b64url({ alg: 'HS256', typ: 'JWT' }.to_json)}.#{b64url(payload.to_json)}"
      "#{input}.#{b64url(OpenSSL::HMAC.digest('SHA256', ENV.fetch('ZOOM_SDK_SECRET'), input))}"
    end
  end
end

puts Zoom::Signature.generate(ENV['MEETING_NUMBER'], ENV['ROLE'].to_i)
