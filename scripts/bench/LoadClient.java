// Open-loop HTTP load at a fixed rate, for scripts/bench/serve.sh: request k is due at start + k/rate
// whatever the answers before it did, and its latency counts from that due time, so a stalled server
// shows as latency instead of a quietly lower rate (no coordinated omission). Keep-alive connections,
// each on its own thread; a request waits for a free connection when all are busy. Two seconds at the
// same rate go first, unrecorded, to warm up both sides.
//   java scripts/bench/LoadClient.java URL BODY_FILE RATE SECONDS CONNECTIONS
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class LoadClient {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        double rate = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int connections = Integer.parseInt(args[4]);
        load(uri, body, rate, Math.min(2, seconds), connections, false);   // warm-up: JIT on both sides
        load(uri, body, rate, seconds, connections, true);
    }

    static void load(URI uri, byte[] body, double rate, double seconds, int connections, boolean report)
            throws Exception {
        byte[] head = ("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long total = (long) (rate * seconds);
        long interval = (long) (1e9 / rate);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + 50_000_000L;
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] counts = new long[connections];
        for (int c = 0; c < connections; c++) {
            long[] mine = new long[(int) total];
            latencies.add(mine);
            int id = c;
            Thread thread = new Thread(() -> {
                Socket socket = null;
                InputStream in = null;
                long k;
                while ((k = next.getAndIncrement()) < total) {
                    long due = start + k * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (socket == null) {
                            socket = new Socket(uri.getHost(), uri.getPort());
                            socket.setTcpNoDelay(true);
                            in = new BufferedInputStream(socket.getInputStream(), 16_384);
                        }
                        OutputStream out = socket.getOutputStream();
                        out.write(head);
                        out.write(body);
                        out.flush();
                        if (readResponse(in) != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        socket = null;
                    }
                    mine[(int) counts[id]++] = System.nanoTime() - due;
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!report) {
            return;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = new long[(int) total];
        int n = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies.get(c), 0, all, n, (int) counts[c]);
            n += (int) counts[c];
        }
        Arrays.sort(all, 0, n);
        System.out.printf(Locale.ROOT, "  %7.0f  %9.0f  %7.3f ms  %7.3f ms  %7.3f ms  %8.3f ms  %6d%n", rate, n / elapsed,
                all[n / 2] / 1e6, all[(int) (n * 0.9)] / 1e6, all[(int) (n * 0.99)] / 1e6, all[n - 1] / 1e6,
                errors.get());
    }

    /** Reads one response (status line, headers, Content-Length body); returns the status. */
    static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
