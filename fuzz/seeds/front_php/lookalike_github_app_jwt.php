<?php

namespace App\Services\GitHub;

use Firebase\JWT\JWT;
use GuzzleHttp\Client;

/**
 * Talks to GitHub as our GitHub App (release notes bot); unrelated to Zoom.
 */
class GitHubAppClient
{
    public function __construct(
        private Client $http,
        private string $appId,
        private string $privateKeyPath,
    ) {
    }

    public function installationToken(int $installationId): string
    {
        $response = $this->http->post("https://api.github.com/app/installations/$installationId/access_tokens", [
            'headers' => [
                'Authorization' => 'Bearer ' . $this->appJwt(),
                'Accept' => 'application/vnd.github+json',
            ],
        ]);

        return json_decode((string) $response->getBody(), true)['token'];
    }

    private function appJwt(): string
    {
        $now = time();

        // GitHub allows at most ten minutes; iat is backdated for clock drift as its docs advise.
        return JWT::encode([
            'iat' => $now - 60,
            'exp' => $now + 600,
            'iss' => $this->appId,
        ], file_get_contents($this->privateKeyPath), 'RS256');
    }

    public function serviceToken(string $audience): string
    {
        // internal deploy API: short-lived HS256 token, iat = now is fine there
        $iat = time();

        return JWT::encode([
            'sub' => 'release-bot',
            'aud' => $audience,
            'iat' => $iat,
            'exp' => $iat + 600,
        ], getenv('DEPLOY_API_SECRET'), 'HS256');
    }
}
