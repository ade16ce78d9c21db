package parley.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One GET /metrics, read as Prometheus reads the text format: every sample line is a series (its name and
 * labels, exactly as written) and a value. Labels are written sorted by name, so {@code
 * parley_refusals_total{limit="max-streams"}} names one series.
 */
public final class Scrape {
    private final String text;
    private final Map<String, Double> samples;

    private Scrape(String text, Map<String, Double> samples) {
        this.text = text;
        this.samples = samples;
    }

    public static Scrape of(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            return parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(text, samples);
    }

    /** The series' value; fails when the scrape does not have it. */
    public double value(String series) {
        assertThat(samples).as("series in GET /metrics").containsKey(series);
        return samples.get(series);
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    public Map<String, Double> samples() {
        return samples;
    }

    public String text() {
        return text;
    }
}
