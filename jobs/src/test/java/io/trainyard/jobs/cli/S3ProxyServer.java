package io.trainyard.jobs.cli;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * S3Proxy (org.gaul:s3proxy, an S3 API server over jclouds; here its in-memory store) in a child
 * JVM on 127.0.0.1, with AWS signature checks on: a real S3 protocol endpoint for S3A, Hadoop's S3
 * connector, which is what Spark and trainyard talk to on AWS. The build copies its runnable jar
 * to {@code target/s3proxy/} (property {@code trainyard.s3proxy.jar}).
 */
final class S3ProxyServer implements AutoCloseable {
    static final String IDENTITY = "trainyard";
    static final String CREDENTIAL = "trainyard-secret";
    private static final String REGION = "us-east-1";

    private final Process process;
    private final String endpoint;
    private final Path log;

    private S3ProxyServer(Process process, String endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts the server and waits (up to a minute) until it accepts connections. */
    static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        String jar = System.getProperty("trainyard.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
            throw new IllegalStateException("S3Proxy's jar is missing (" + jar + "): run the tests through Maven, whose"
                    + " jobs build copies org.gaul:s3proxy:2.7.0:jar-with-dependencies to target/s3proxy/");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=transient",
                "jclouds.identity=" + IDENTITY,
                "jclouds.credential=" + CREDENTIAL, ""));
        Path log = dir.resolve("s3proxy.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LOG_LEVEL", "warn");
        S3ProxyServer server = new S3ProxyServer(builder.start(), endpoint, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.accepts(port)) {
            if (!server.process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("S3Proxy did not start on " + endpoint + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return server;
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates a bucket (S3A reads and writes buckets; it does not create them). */
    void createBucket(String name) {
        AmazonS3 client = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, REGION))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(IDENTITY, CREDENTIAL)))
                .build();
        try {
            client.createBucket(name);
        } finally {
            client.shutdown();
        }
    }

    /** The S3A settings a user would pass as {@code --conf spark.hadoop.fs.s3a.*} for this endpoint. */
    List<String[]> s3aSettings() {
        return List.of(
                new String[] {"fs.s3a.endpoint", endpoint},
                new String[] {"fs.s3a.endpoint.region", REGION},
                new String[] {"fs.s3a.path.style.access", "true"},
                new String[] {"fs.s3a.connection.ssl.enabled", "false"},
                new String[] {"fs.s3a.access.key", IDENTITY},
                new String[] {"fs.s3a.secret.key", CREDENTIAL});
    }

    /** Applies {@link #s3aSettings()} to {@code conf}. */
    void configure(Configuration conf) {
        s3aSettings().forEach(setting -> conf.set(setting[0], setting[1]));
    }

    /** Removes {@link #s3aSettings()} from {@code conf}. */
    void unconfigure(Configuration conf) {
        s3aSettings().forEach(setting -> conf.unset(setting[0]));
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
