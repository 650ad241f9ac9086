package dev.connections.oauth2;

import dev.connections.catalog.OAuth2Spec;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes every call to the real protocol and notes, in plain text, what went over the wire (codes, verifiers,
 * tokens sent and received): the values the leak scan looks for, and the refresh tokens the revocation checks
 * try again. Only the test reads them; the facade never sees this list.
 */
final class RecordingProtocol implements OAuthProtocol {
    private final OAuthProtocol delegate;
    private final List<String> seen = new ArrayList<>();
    private final List<String> refreshTokens = new ArrayList<>();
    private final List<String> accessTokens = new ArrayList<>();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger clientCredentials = new AtomicInteger();

    RecordingProtocol(OAuthProtocol delegate) {
        this.delegate = delegate;
    }

    @Override
    public AuthorizationRequest authorizationRequest(
            OAuth2Spec spec, OAuthClient client, URI redirectUri, String state) {
        AuthorizationRequest request = delegate.authorizationRequest(spec, client, redirectUri, state);
        note(request.codeVerifier().reveal());
        return request;
    }

    @Override
    public TokenGrant exchangeCode(
            OAuth2Spec spec, OAuthClient client, String code, URI redirectUri, Secret codeVerifier) {
        note(code);
        return issued(delegate.exchangeCode(spec, client, code, redirectUri, codeVerifier));
    }

    @Override
    public TokenGrant refresh(OAuth2Spec spec, OAuthClient client, Secret refreshToken) {
        refreshes.incrementAndGet();
        note(refreshToken.reveal());
        return issued(delegate.refresh(spec, client, refreshToken));
    }

    @Override
    public TokenGrant clientCredentials(OAuth2Spec spec, OAuthClient client) {
        clientCredentials.incrementAndGet();
        return issued(delegate.clientCredentials(spec, client));
    }

    @Override
    public void revoke(OAuth2Spec spec, OAuthClient client, Secret token, boolean refreshToken) {
        note(token.reveal());
        delegate.revoke(spec, client, token, refreshToken);
    }

    private TokenGrant issued(TokenGrant grant) {
        synchronized (this) {
            accessTokens.add(grant.accessToken().reveal());
            note(grant.accessToken().reveal());
            grant.refresh().ifPresent(r -> {
                refreshTokens.add(r.reveal());
                note(r.reveal());
            });
        }
        return grant;
    }

    private synchronized void note(String value) {
        seen.add(value);
    }

    /** Refresh requests sent, answered or not. */
    int refreshes() {
        return refreshes.get();
    }

    /** Client credentials requests sent, answered or not. */
    int clientCredentialsRequests() {
        return clientCredentials.get();
    }

    /** Every code, verifier and token that went over the wire, in order. */
    synchronized List<String> secretsSeen() {
        return List.copyOf(seen);
    }

    /** The access tokens the server issued, in order. */
    synchronized List<String> accessTokens() {
        return List.copyOf(accessTokens);
    }

    /** The refresh tokens the server issued, in order. */
    synchronized List<String> refreshTokens() {
        return List.copyOf(refreshTokens);
    }
}
