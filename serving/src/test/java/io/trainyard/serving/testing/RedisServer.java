package io.trainyard.serving.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A throwaway {@code redis-server} on a free loopback port, nothing persisted, stopped by
 * {@link #close()}; never the machine's own service. Tests that need it are skipped, with the reason,
 * only when the binary is missing ({@code .ci/run} installs Debian's {@code redis-server}).
 */
public final class RedisServer implements AutoCloseable {
    private static final Path BINARY = Paths.get("/usr/bin/redis-server");

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "redis-server is not installed"
                + " (apt-get install redis-server; .ci/run does): the online store tests need a real Redis");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RedisServer server = new RedisServer(process, port);
        for (int i = 0; i < 200; i++) {
            try (Jedis jedis = server.client()) {
                jedis.ping();
                return server;
            } catch (JedisConnectionException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited with " + process.exitValue(), e);
                }
                Thread.sleep(25);
            }
        }
        server.close();
        throw new IllegalStateException("redis-server did not answer on port " + port + " within 5 s");
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, as the CLI's --redis takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** A plain client, for tests that look at or tamper with what is stored. */
    public Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
