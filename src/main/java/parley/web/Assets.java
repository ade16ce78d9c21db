package parley.web;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files in static/, served under an address that names their version, {@code /static/<version>/…},
 * so a browser may keep them for a year without asking again: a new build that changes any of them
 * changes the version, and so the addresses the pages use. The version is a hash of static/ as packaged,
 * the same on every node that runs the same build. Pages get the addresses from {@link #url}.
 *
 * <p>In {@code --dev} the files are read from disk as they are edited, while the version stays the
 * packaged one, so there they are served {@code no-cache}: the browser asks every time and gets the file
 * as it is now (or a 304). The unversioned addresses, {@code /static/…}, still serve, revalidated each time.
 */
public final class Assets {
    static final String CACHE_FOR_GOOD = "public, max-age=31536000, immutable";
    static final String ALWAYS_REVALIDATE = "no-cache";

    /** 16 hex digits of the SHA-256 of every file in static/ (its path and its bytes), in path order. */
    static final String VERSION = version("static");

    private Assets() {}

    /** The address a page uses for {@code file}, a path inside static/, e.g. {@code parley.css}. */
    public static String url(String file) {
        return "/static/" + VERSION + "/" + file;
    }

    /** Javalin's static file settings for the versioned addresses. */
    static void versioned(StaticFileConfig files, boolean dev) {
        files.hostedPath = "/static/" + VERSION;
        files.directory = dev ? "static" : "/static";
        files.location = dev ? Location.EXTERNAL : Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", dev ? ALWAYS_REVALIDATE : CACHE_FOR_GOOD);
    }

    static String version(String directory) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            URL packaged = Assets.class.getClassLoader().getResource(directory);
            if (packaged != null) {
                withPath(packaged.toURI(), root -> {
                    List<String> files;
                    try (Stream<Path> walk = Files.walk(root)) {
                        files = walk.filter(Files::isRegularFile).map(file -> root.relativize(file).toString())
                                .sorted().toList();
                    }
                    for (String file : files) {
                        sha256.update(file.getBytes(StandardCharsets.UTF_8));
                        sha256.update((byte) 0);
                        sha256.update(Files.readAllBytes(root.resolve(file)));
                    }
                });
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface PathAction {
        void accept(Path path) throws IOException;
    }

    /** A directory on the classpath as a Path: in target/classes, or inside the jar. */
    private static void withPath(URI uri, PathAction action) throws IOException {
        if (!"jar".equals(uri.getScheme())) {
            action.accept(Path.of(uri));
            return;
        }
        FileSystem jar;
        boolean opened = false;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(uri);
        }
        try {
            action.accept(jar.provider().getPath(uri));
        } finally {
            if (opened) {
                jar.close();
            }
        }
    }
}
