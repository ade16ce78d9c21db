package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
                "PARLEY_DATABASE_URL", "PARLEY_SECRET", "--heartbeat", "PARLEY_HEARTBEAT", "--history", "--help");
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
}
