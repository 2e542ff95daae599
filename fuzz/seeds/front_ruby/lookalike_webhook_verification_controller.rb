# app/controllers/webhooks/zoom_controller.rb
#
# Receives Zoom webhooks (meeting.started, recording.completed, ...). Verifies the
# x-zm-signature header and answers the endpoint.url_validation challenge.
module Webhooks
  class ZoomController < ActionController::API
    MAX_AGE = 5 * 60

    def create
      timestamp = request.headers['x-zm-request-timestamp'].to_s
      return head(:bad_request) if (Time.now.to_i - timestamp.to_i).abs > MAX_AGE

      message = "v0:#{timestamp}:#{request.raw_post}"
      expected = "v0=#{OpenSSL::HMAC.hexdigest('sha256', secret_token, message)}"
      unless ActiveSupport::SecurityUtils.secure_compare(expected, request.headers['x-zm-signature'].to_s)
        return head(:unauthorized)
      end

      event = JSON.parse(request.raw_post)
      if event['event'] == 'endpoint.url_validation'
        plain_token = event.dig('payload', 'plainToken')
        render json: {
          plainToken: plain_token,
          encryptedToken: OpenSSL::HMAC.hexdigest('sha256', secret_token, plain_token)
        }
      else
        ZoomEventJob.perform_later(event)
        head :ok
      end
    end

    private

    def secret_token
      ENV.fetch('ZOOM_WEBHOOK_SECRET_TOKEN')
    end
  end
end
