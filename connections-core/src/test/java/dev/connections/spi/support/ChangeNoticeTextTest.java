package dev.connections.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text of a change notice that the PostgreSQL, Redis and NATS feeds carry between instances: what is
 * written, and what a subscriber is told when it is read back.
 */
class ChangeNoticeTextTest {
    private final List<String> heard = new ArrayList<>();
    private final ChangeSubscribers subscribers = new ChangeSubscribers();

    ChangeNoticeTextTest() {
        subscribers.add(new ChangeFeed.Subscriber() {
            @Override
            public void workspaceChanged(WorkspaceId workspace) {
                heard.add("workspace " + workspace.value());
            }

            @Override
            public void appChanged(WorkspaceId workspace, IntegrationId integration) {
                heard.add("app " + workspace.value() + "/" + integration.value());
            }

            @Override
            public void everythingChanged() {
                heard.add("all");
            }
        });
    }

    @Test
    void aNoticeNamesTheWorkspaceThenTheAppWithASpaceBetween() {
        // The wire format other instances (possibly of an older version) read: changing it strands their caches.
        assertThat(ChangeSubscribers.notice(WorkspaceId.of("acme"), IntegrationId.of("openai")))
                .isEqualTo("acme openai");
        assertThat(ChangeSubscribers.notice(WorkspaceId.of("team@acme.io:7"), IntegrationId.of("a-1")))
                .isEqualTo("team@acme.io:7 a-1");
    }

    @Test
    void aNoticeOfOneAppTellsSubscribersThatApp() {
        subscribers.heard(ChangeSubscribers.notice(WorkspaceId.of("acme"), IntegrationId.of("openai")));
        assertThat(heard).containsExactly("app acme/openai");
    }

    @Test
    void aNoticeOfTheWorkspaceAloneTellsSubscribersTheWorkspace() {
        subscribers.heard("acme");
        subscribers.heard("team@acme.io:7");
        assertThat(heard).containsExactly("workspace acme", "workspace team@acme.io:7");
    }

    @Test
    void theLongestWorkspaceIdIsReadWholeAndOneLongerIsNotOurs() {
        String longest = "w" + "x".repeat(127);
        subscribers.heard(longest + " openai");
        subscribers.heard(longest + "x");
        assertThat(heard).containsExactly("app " + longest + "/openai", "all");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", // an empty payload (pg_notify without one)
                " ", // a separator and nothing around it
                "acme ", // an app that is empty
                " openai", // a workspace that is empty
                "acme open ai", // a second separator: the app would hold a space
                "acme OpenAI", // an app id is lower case
                "-acme", // a workspace id starts with a letter or digit
                "acme\topenai", // only a space separates
                "{\"workspace\":\"acme\"}", // someone else's message on the channel
            })
    void anythingElseIsNotOursAndMeansEverythingMayHaveChanged(String notice) {
        subscribers.heard(notice);
        assertThat(heard).containsExactly("all");
    }

    @Test
    void noPayloadAtAllMeansEverythingMayHaveChanged() {
        subscribers.heard(null);
        assertThat(heard).containsExactly("all");
    }

    @Test
    void aNoticeNeedsBothIds() {
        assertThatThrownBy(() -> ChangeSubscribers.notice(null, IntegrationId.of("openai")))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("workspace");
        assertThatThrownBy(() -> ChangeSubscribers.notice(WorkspaceId.of("acme"), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("app");
    }

    @Property
    void everyNoticeWrittenIsReadBackAsTheSameApp(@ForAll("workspaces") String workspace, @ForAll("apps") String app) {
        heard.clear();
        subscribers.heard(ChangeSubscribers.notice(WorkspaceId.of(workspace), IntegrationId.of(app)));
        assertThat(heard).containsExactly("app " + workspace + "/" + app);
    }

    @Provide
    Arbitrary<String> workspaces() {
        Arbitrary<Character> first = Arbitraries.chars().alpha().numeric();
        Arbitrary<String> rest =
                Arbitraries.strings().alpha().numeric().withChars("._:@-").ofMaxLength(127);
        return first.flatMap(c -> rest.map(r -> c + r));
    }

    @Provide
    Arbitrary<String> apps() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').numeric();
        Arbitrary<String> rest = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .withChars('-')
                .ofMaxLength(62);
        return first.flatMap(c -> rest.map(r -> c + r));
    }
}
