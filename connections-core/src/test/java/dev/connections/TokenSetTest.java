package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.SecretIntegrityException;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.secret.Secret;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.WithNull;
import org.junit.jupiter.api.Test;

/** The tokens of an OAuth connection as one secret: every RFC 6749 token pair reads back as it was written. */
class TokenSetTest {

    /** RFC 6749 Appendix A: access and refresh tokens are 1*VSCHAR (%x20-7E). */
    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings()
                .withCharRange((char) 0x20, (char) 0x7E)
                .ofMinLength(1)
                .ofMaxLength(2_000);
    }

    @Property(tries = 500)
    void everyTokenPairReadsBackAsWritten(
            @ForAll("tokens") String access, @ForAll("tokens") @WithNull(0.3) String refresh) {
        try (Secret encoded = TokenSet.encode(Secret.of(access), refresh == null ? null : Secret.of(refresh));
                TokenSet.Opened opened = TokenSet.decode(encoded)) {
            assertThat(opened.accessToken().reveal()).isEqualTo(access);
            if (refresh == null) {
                assertThat(opened.refreshToken()).isNull();
            } else {
                assertThat(opened.refreshToken()).isNotNull();
                assertThat(opened.refreshToken().reveal()).isEqualTo(refresh);
            }
        }
    }

    @Test
    void aTokenWithALineBreakOrAnEmptyAccessTokenIsRefusedNotStoredAmbiguously() {
        assertThatThrownBy(() -> TokenSet.encode(Secret.of("at\nrt"), null))
                .isInstanceOf(TokenEndpointException.class)
                .hasMessageNotContaining("at\nrt");
        assertThatThrownBy(() -> TokenSet.encode(Secret.of("at"), Secret.of("r\nt")))
                .isInstanceOf(TokenEndpointException.class);
        assertThatThrownBy(() -> TokenSet.encode(Secret.of(""), Secret.of("rt")))
                .isInstanceOf(TokenEndpointException.class);
    }

    @Test
    void anApiKeyOrDamagedContentIsNotATokenSet() {
        for (String content :
                new String[] {"sk-proj-000000001", "oauth2/v1", "oauth2/v1\n\nrt", "oauth2/v2\nat\nrt", ""}) {
            assertThatThrownBy(() -> TokenSet.decode(Secret.of(content)))
                    .as(content)
                    .isInstanceOf(SecretIntegrityException.class)
                    .hasMessageNotContaining(content.isEmpty() ? "\u0000" : content);
        }
    }

    @Test
    void openedTokensAreMaskedAndWipedOnClose() {
        TokenSet.Opened opened = TokenSet.decode(TokenSet.encode(Secret.of("access-1"), Secret.of("refresh-1")));
        assertThat(opened.toString()).doesNotContain("access-1").doesNotContain("refresh-1");
        opened.close();
        assertThat(opened.accessToken().isWiped()).isTrue();
        assertThat(opened.refreshToken().isWiped()).isTrue();
    }
}
