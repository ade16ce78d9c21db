package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parley.web.Limits;
import parley.web.Limits.Rate;

class ConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        Config config = Config.defaults();
        assertThat(config.port()).isEqualTo(7070);
        assertThat(config.data()).isEqualTo(Path.of("./data/parley.db"));
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.history()).isEqualTo(100);
    }

    @Test
    void flagsWinOverEnvironmentVariables() {
        Config config = Config.parse(new String[] {"--port=9000", "--heartbeat", "500ms"},
                Map.of("PORT", "8000", "PARLEY_HISTORY", "20", "PARLEY_DATA", "/tmp/x.db"));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.history()).isEqualTo(20);
        assertThat(config.data()).isEqualTo(Path.of("/tmp/x.db"));
        assertThat(config.heartbeat()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void helpListsEveryFlagWithItsVariable() {
        assertThat(Config.usage()).contains("--port", "PORT", "--data", "PARLEY_DATA", "--database-url",
                "PARLEY_DATABASE_URL", "--heartbeat", "PARLEY_HEARTBEAT", "--history", "--help");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> Config.parse(new String[] {"--prot", "1"}, Map.of()))
                .hasMessageContaining("Unknown option --prot");
        assertThatThrownBy(() -> Config.parse(new String[] {"--port", "http"}, Map.of()))
                .hasMessageContaining("--port must be a whole number");
        assertThatThrownBy(() -> Config.parse(new String[] {"--heartbeat", "soon"}, Map.of()))
                .hasMessageContaining("positive duration");
        assertThatThrownBy(() -> Config.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Config.parse(new String[0], Map.of("PARLEY_DATABASE_URL", "mysql://db/parley")))
                .hasMessageContaining("--database-url must start with jdbc:postgresql://");
    }

    @Test
    void aPostgresUrlMakesANodeOfACluster() {
        assertThat(Config.defaults().clustered()).isFalse();
        Config config = Config.parse(new String[] {"--database-url", "jdbc:postgresql://db/parley"}, Map.of());
        assertThat(config.clustered()).isTrue();
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db/parley");
    }

    @Test
    void theLimitsHaveSafeDefaultsAndAreListedInHelp() {
        Limits limits = Config.defaults().limits();
        assertThat(limits.enforced()).isTrue();
        assertThat(limits.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(limits.maxMessageChars()).isEqualTo(2000);
        assertThat(limits.postsPerPerson()).isEqualTo(new Rate(10, Duration.ofSeconds(10)));
        assertThat(limits.openStreamsPerPerson()).isEqualTo(20);
        assertThat(limits.roomsPerPerson()).isEqualTo(new Rate(10, Duration.ofHours(1)));
        // The design's defaults for what a client does before it has an account.
        assertThat(limits.signInsPerName()).isEqualTo(new Rate(5, Duration.ofMinutes(15)));
        assertThat(limits.signInsPerAddress()).isEqualTo(new Rate(30, Duration.ofMinutes(15)));
        assertThat(limits.signUpsPerAddress()).isEqualTo(new Rate(20, Duration.ofHours(1)));
        assertThat(Config.defaults().openSignup()).isFalse();
        assertThat(Config.defaults().secureCookie()).isFalse();
        assertThat(Config.defaults().trustForwarded()).isFalse();
        assertThat(Config.usage()).contains("--limits", "PARLEY_LIMITS", "--max-body", "--max-message",
                "--posts-per-person", "--streams-per-person", "--open-streams", "--rooms-per-person",
                "--sign-ins-per-name", "--sign-ins-per-address", "--sign-ups-per-address", "--open-signup",
                "PARLEY_OPEN_SIGNUP", "--password-hashing", "--secure-cookie",
                "PARLEY_SECURE_COOKIE", "--trust-forwarded");
    }

    @Test
    void limitsAreReadFromFlagsAndVariablesAndCanBeTurnedOff() {
        Config config = Config.parse(new String[] {"--posts-per-person", "5/2m", "--max-body", "1MB", "--secure-cookie"},
                Map.of("PARLEY_LIMITS", "off", "PARLEY_STREAMS_PER_PERSON", "3/1h", "PARLEY_OPEN_SIGNUP", "true"));
        assertThat(config.limits().enforced()).isFalse();
        assertThat(config.limits().postsPerPerson()).isEqualTo(new Rate(5, Duration.ofMinutes(2)));
        assertThat(config.limits().streamsPerPerson()).isEqualTo(new Rate(3, Duration.ofHours(1)));
        assertThat(config.openSignup()).isTrue();
        assertThat(config.limits().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(config.secureCookie()).isTrue();
    }

    @Test
    void badLimitsAreExplained() {
        assertThatThrownBy(() -> Config.parse(new String[] {"--posts-per-person", "fast"}, Map.of()))
                .hasMessageContaining("--posts-per-person must be a rate such as 10/10s");
        assertThatThrownBy(() -> Config.parse(new String[] {"--posts-per-person", "0/1s"}, Map.of()))
                .hasMessageContaining("must be a rate");
        assertThatThrownBy(() -> Config.parse(new String[] {"--limits", "maybe"}, Map.of()))
                .hasMessageContaining("--limits must be on or off");
        assertThatThrownBy(() -> Config.parse(new String[] {"--max-body", "12"}, Map.of()))
                .hasMessageContaining("--max-body must be a size from 1KB");
        assertThatThrownBy(() -> Config.parse(new String[] {"--posts-per-person", "10/3000000h"}, Map.of()))
                .as("beyond what a bucket can count").hasMessageContaining("must be a rate");
        assertThatThrownBy(() -> Config.parse(new String[] {"--posts-per-person", "9999999/1s"}, Map.of()))
                .hasMessageContaining("up to a million");
        assertThatThrownBy(() -> Config.parse(new String[] {"--max-message", "100000"}, Map.of()))
                .hasMessageContaining("--max-body 64KB is too small for --max-message 100000");
        assertThatThrownBy(() -> Config.parse(new String[0], Map.of("PARLEY_SECURE_COOKIE", "yes")))
                .hasMessageContaining("--secure-cookie must be true or false");
    }

    @Test
    void metricsAreOffAndTheStreamCapAutomaticUnlessSet() {
        assertThat(Config.defaults().metricsPort()).isEqualTo(Config.OFF);
        assertThat(Config.defaults().maxStreams()).isEqualTo(Config.AUTO);
        Config config = Config.parse(new String[] {"--max-streams", "5000"}, Map.of("PARLEY_METRICS_PORT", "9464"));
        assertThat(config.metricsPort()).isEqualTo(9464);
        assertThat(config.maxStreams()).isEqualTo(5000);
        assertThat(Config.parse(new String[0], Map.of("PARLEY_METRICS_PORT", "off")).metricsPort()).isEqualTo(Config.OFF);
        assertThat(Config.usage()).contains("--max-streams", "PARLEY_MAX_STREAMS", "--metrics-port", "PARLEY_METRICS_PORT");
        assertThatThrownBy(() -> Config.parse(new String[] {"--max-streams", "lots"}, Map.of()))
                .hasMessageContaining("--max-streams must be a whole number from 1").hasMessageContaining("Or auto");
        assertThatThrownBy(() -> Config.parse(new String[] {"--metrics-port", "70000"}, Map.of()))
                .hasMessageContaining("--metrics-port must be a whole number from 0 to 65535");
    }
}
