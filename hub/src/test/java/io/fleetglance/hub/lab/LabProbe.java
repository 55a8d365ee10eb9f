package io.fleetglance.hub.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * An HTTP client that lives in a network namespace of the lab: it reads one URL per line on stdin and answers each on
 * stdout with one line, {@code <status> <base64 body>} or {@code ERR <base64 message>}. It ends when stdin closes.
 * Run as {@code ip netns exec NS java -cp ... io.fleetglance.hub.lab.LabProbe}, so that the test reaches namespace
 * addresses from inside a namespace, never from the machine's own network.
 */
public final class LabProbe {

    private LabProbe() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        Base64.Encoder b64 = Base64.getEncoder();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String url;
        while ((url = in.readLine()) != null) {
            if (url.isBlank()) {
                continue;
            }
            String answer;
            try {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url.trim()))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                answer = r.statusCode() + " " + b64.encodeToString(r.body());
            } catch (Exception e) {
                answer = "ERR " + b64.encodeToString(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
            }
            out.println(answer);
        }
    }
}
