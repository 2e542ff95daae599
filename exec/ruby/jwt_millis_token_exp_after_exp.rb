# app/controllers/zoom_tokens_controller.rb (trimmed to the signing code):
# exp comes from the session cookie helper, which counts in milliseconds, and
# tokenExp was stretched to a day for the all-hands.
require 'base64'
require 'json'
require 'openssl'

class ZoomTokenSigner
  SKEW = 30

  def initialize(key, secret)
    @key = key
    @secret = secret
  end

  def sign(meeting_number, role)
    iat = Time.now.to_i - SKEW
    exp = (Time.now.to_f * 1000).to_i + 2 * 60 * 60 * 1000
    body = {
      'appKey' => @key,
      'sdkKey' => @key,
      'mn' => meeting_number,
      'role' => role,
      'iat' => iat,
      'exp' => exp,
      'tokenExp' => iat + 24 * 60 * 60
    }
    input = "#{encode(JSON.generate('alg' => 'HS256', 'typ' => 'JWT'))}.#{encode(JSON.generate(body))}"
    "#{input}.#{encode(OpenSSL::HMAC.digest('SHA256', @secret, input))}"
  end

  private

  def encode(bytes)
    Base64.urlsafe_encode64(bytes, padding: false)
  end
end

signer = ZoomTokenSigner.new(ENV['ZOOM_SDK_KEY'], ENV['ZOOM_SDK_SECRET'])
puts signer.sign(ENV['MEETING_NUMBER'], ENV['ROLE'].to_i)
