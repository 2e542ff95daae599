# lib/zoom_sdk/signer.rb - no gem dependencies; shared by the Rack app and the CLI.
require 'base64'
require 'json'
require 'openssl'

module ZoomSdk
  class Signer
    # Our VMs drift by a few seconds; Zoom rejects an iat in its future.
    CLOCK_SKEW = 30
    TWO_HOURS = 60 * 60 * 2
    HEADER = { 'alg' => 'HS256', 'typ' => 'JWT' }.freeze

    def initialize(sdk_key = ENV.fetch('ZOOM_SDK_KEY'), sdk_secret = ENV.fetch('ZOOM_SDK_SECRET'))
      @sdk_key = sdk_key
      @sdk_secret = sdk_secret
    end

    # now: injectable for specs
    def sign(meeting_number, host: false, now: Time.now)
      iat = now.to_i - CLOCK_SKEW
      exp = iat + TWO_HOURS
      claims = {
        'appKey' => @sdk_key,
        'sdkKey' => @sdk_key,
        'mn' => meeting_number.to_s,
        'role' => host ? 1 : 0,
        'iat' => iat,
        'exp' => exp,
        'tokenExp' => exp
      }

      header_segment = encode(JSON.generate(HEADER))
      claims_segment = encode(JSON.generate(claims))
      signing_input = "#{header_segment}.#{claims_segment}"
      "#{signing_input}.#{encode(OpenSSL::HMAC.digest('SHA256', @sdk_secret, signing_input))}"
    end

    private

    def encode(bytes)
      Base64.urlsafe_encode64(bytes, padding: false)
    end
  end
end
