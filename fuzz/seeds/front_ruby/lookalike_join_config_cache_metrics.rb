# app/controllers/meetings/join_configs_controller.rb
#
# Hands the browser what it needs for ZoomMtg.join. The signature itself is made by
# Zoom::SignatureIssuer (app/services); this controller only caches and times it.
module Meetings
  class JoinConfigsController < ApplicationController
    before_action :authenticate_user!
    CACHE_TTL = 100.minutes

    def show
      meeting = current_account.meetings.find(params[:meeting_id])
      host = meeting.host?(current_user)
      started = Time.now.to_f

      config = Rails.cache.fetch(['zoom-join', meeting.id, host], expires_in: CACHE_TTL) do
        {
          signature: Zoom::SignatureIssuer.new.web(meeting.zoom_number, host: host),
          sdkKey: ENV.fetch('ZOOM_SDK_KEY'),
          mn: meeting.zoom_number,
          passWord: meeting.passcode,
          cachedAt: Time.now.to_f
        }
      end

      StatsD.distribution('zoom.join_config.ms', (Time.now.to_f - started) * 1000)
      render json: config.merge(userName: current_user.display_name, userEmail: current_user.email)
    end
  end
end
