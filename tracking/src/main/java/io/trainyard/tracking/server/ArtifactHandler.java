package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The mlflow-artifacts proxy: {@code PUT|GET|DELETE /api/2.0/mlflow-artifacts/artifacts/<path>} and
 * the listing {@code GET /api/2.0/mlflow-artifacts/artifacts?path=<dir>} (entries named by basename,
 * as MLflow does). Every path is checked to stay inside the artifact root: {@code ..}, absolute paths,
 * backslashes and encoded variants are refused with 400 before any file is touched.
 */
final class ArtifactHandler implements HttpHandler {
    static final String PREFIX = "/api/2.0/mlflow-artifacts/artifacts";
    private static final Logger LOG = LogManager.getLogger(ArtifactHandler.class);

    private final Path root;

    ArtifactHandler(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                dispatch(exchange);
            } catch (ApiError e) {
                ApiRouter.send(exchange, e.status(), ApiRouter.error(e.errorCode(), e.getMessage()));
            } catch (IOException | RuntimeException e) {
                LOG.error("artifact {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                ApiRouter.send(exchange, 500, ApiRouter.error("INTERNAL_ERROR", String.valueOf(e.getMessage())));
            }
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        String relative = rawPath.length() > PREFIX.length() ? rawPath.substring(PREFIX.length() + 1) : "";
        String method = exchange.getRequestMethod();
        if (relative.isEmpty() && "GET".equals(method)) {
            ApiRequest request = new ApiRequest(method, exchange.getRequestURI().getRawQuery(), null);
            ApiRouter.send(exchange, 200, list(request.optional("path", "")));
            return;
        }
        Path target = resolve(URLDecoder.decode(relative.replace("+", "%2B"), StandardCharsets.UTF_8));
        switch (method) {
            case "PUT" -> upload(exchange, target);
            case "GET" -> download(exchange, target, relative);
            case "DELETE" -> delete(exchange, target);
            default -> throw ApiError.endpointNotFound("No artifact endpoint " + method + " " + rawPath);
        }
    }

    /** Resolves a client-supplied artifact path, refusing anything that could leave the root. */
    Path resolve(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        boolean suspicious = path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0
                || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || path.matches("^[A-Za-z]:.*")
                || List.of(path.split("/")).contains("..");
        Path resolved = root.resolve(path).normalize();
        if (suspicious || !resolved.startsWith(root)) {
            throw ApiError.invalid("Invalid artifact path '" + path + "': paths must be relative and stay inside"
                    + " the artifact root (no '..', absolute or encoded segments).");
        }
        return resolved;
    }

    private void upload(HttpExchange exchange, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try (InputStream in = exchange.getRequestBody()) {
            Files.copy(in, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        ApiRouter.send(exchange, 200, Json.object());
    }

    private static void download(HttpExchange exchange, Path target, String relative) throws IOException {
        if (!Files.isRegularFile(target)) {
            throw ApiError.notFound("Artifact '" + relative + "' does not exist.");
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, Files.size(target));
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(target, out);
        }
    }

    private void delete(HttpExchange exchange, Path target) throws IOException {
        if (Files.exists(target) && !target.equals(root)) {
            try (Stream<Path> paths = Files.walk(target)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        ApiRouter.send(exchange, 200, Json.object());
    }

    private ObjectNode list(String path) throws IOException {
        Path directory = path.isEmpty() ? root : resolve(path);
        ObjectNode response = Json.object();
        ArrayNode files = response.putArray("files");
        if (!Files.isDirectory(directory)) {
            return response;
        }
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : children.sorted().toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".part")) {
                    continue;
                }
                ObjectNode entry = files.addObject().put("path", name).put("is_dir", Files.isDirectory(child));
                if (!Files.isDirectory(child)) {
                    entry.put("file_size", Files.size(child));
                }
            }
        }
        return response;
    }
}
