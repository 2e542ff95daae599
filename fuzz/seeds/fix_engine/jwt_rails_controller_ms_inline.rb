# app/controllers/api/zoom_signatures_controller.rb
module Api
  class ZoomSignaturesController < Api::BaseController
    before_action :require_login

    # POST /api/zoom_signatures { meeting_id: 42 }
    def create
      meeting = current_account.meetings.find(params.require(:meeting_id))
      now_ms = Time.now.to_i * 1000 # expect: SIG003, SIG006

      payload = {
        sdkKey: ENV['ZOOM_SDK_KEY'],
        appKey: ENV['ZOOM_SDK_KEY'],
        mn: meeting.number,
        role: meeting.hosted_by?(current_user) ? 1 : 0,
        iat: now_ms,
        exp: now_ms + 7_200_000 # expect: SIG006
      }

      token = JWT.encode(payload, ENV['ZOOM_SDK_SECRET'], 'HS256')
      render json: { signature: token, sdkKey: ENV['ZOOM_SDK_KEY'] }, status: :created
    rescue ActiveRecord::RecordNotFound
      render json: { error: 'meeting not found' }, status: :not_found
    end
  end
end
