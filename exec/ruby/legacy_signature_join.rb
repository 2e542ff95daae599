# lib/zoom_signature.rb: Web SDK signature (API key + API secret) for the
# classroom join page, kept from the 2020 integration.
require 'base64'
require 'openssl'

module ZoomSignature
  module_function

  def generate(api_key, api_secret, meeting_number, role)
    timestamp = (Time.now.to_f * 1000).round - 30_000
    message = Base64.strict_encode64("#{api_key}#{meeting_number}#{timestamp}#{role}")
    hash = Base64.strict_encode64(OpenSSL::HMAC.digest('SHA256', api_secret, message))
    signature = [api_key, meeting_number, timestamp, role, hash].join('.')
    Base64.urlsafe_encode64(signature, padding: false)
  end
end

puts ZoomSignature.generate(ENV['ZOOM_SDK_KEY'], ENV['ZOOM_SDK_SECRET'], ENV['MEETING_NUMBER'], ENV['ROLE'].to_i)
