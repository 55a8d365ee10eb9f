package io.fleetglance.hub.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Talks to a {@link LabProbe} running in a lab namespace: each GET is made from inside that namespace. */
final class ProbeClient {

    record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LabProcess probe;
    private final Writer requests;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    ProbeClient(LabProcess probe) {
        this.probe = probe;
        this.requests = new OutputStreamWriter(probe.process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(probe.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.matches("(\\d{3}|ERR) .*")) {
                        answers.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the probe is gone: get() times out and says so
            }
        }, "lab-probe-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** GETs {@code url} from the probe's namespace; status 0 with the reason when it could not be reached. */
    synchronized Answer get(String url) throws IOException, InterruptedException {
        answers.clear();
        requests.write(url + "\n");
        requests.flush();
        String line = answers.poll(15, TimeUnit.SECONDS);
        if (line == null) {
            throw new IOException("no answer from the probe for " + url + "; probe log:\n" + probe.tail(20));
        }
        int space = line.indexOf(' ');
        String body = new String(Base64.getDecoder().decode(line.substring(space + 1)), StandardCharsets.UTF_8);
        return line.startsWith("ERR") ? new Answer(0, body) : new Answer(Integer.parseInt(line.substring(0, space)), body);
    }

    /** The JSON of a 200 answer, or null. */
    JsonNode json(String url) throws IOException, InterruptedException {
        Answer a = get(url);
        return a.status() == 200 ? a.json() : null;
    }
}
