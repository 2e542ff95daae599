# Rack endpoint helper: signs Meeting SDK tokens for the kiosk build, which
# cannot install gems. iat keeps the fraction "for precise audit logs".
require 'base64'
require 'json'
require 'openssl'

SDK_KEY = ENV.fetch('ZOOM_SDK_KEY')
SDK_SECRET = ENV.fetch('ZOOM_SDK_SECRET')
LIFETIME = 2 * 60 * 60

def b64(data)
  Base64.urlsafe_encode64(data)
end

def kiosk_signature(meeting_number, role)
  iat = Time.now.to_f - 30
  exp = iat.to_i + LIFETIME
  claims = { appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meeting_number, role: role, iat: iat, exp: exp, tokenExp: exp }
  input = [b64({ alg: 'HS256', typ: 'JWT' }.to_json), b64(claims.to_json)].join('.')
  "#{input}.#{b64(OpenSSL::HMAC.digest('SHA256', SDK_SECRET, input))}"
end

puts kiosk_signature(ENV['MEETING_NUMBER'], Integer(ENV['ROLE']))
