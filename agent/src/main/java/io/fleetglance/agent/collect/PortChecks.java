package io.fleetglance.agent.collect;

import io.fleetglance.proto.PortCheck;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The three checks of the ports plugin, each bounded by the target's timeout: a TCP connect, an ICMP echo (port 0),
 * and an HTTP HEAD that follows redirects. Each fills the status part of a {@link PortCheck}.
 */
final class PortChecks {

    /** requests' limit on redirects. */
    private static final int MAX_REDIRECTS = 30;

    private PortChecks() {
    }

    /** Glances' TCP check: the time of a successful connect, or closed (refused, unreachable, timed out). */
    static void tcp(PortCheck.Builder check) {
        InetSocketAddress address;
        try {
            // As Glances, the name is resolved before the clock starts: the rtt is the connect's alone.
            address = new InetSocketAddress(InetAddress.getByName(check.getHost()), check.getPort());
        } catch (IOException | SecurityException e) {
            check.setStatus(PortCheck.Status.CLOSED);
            return;
        }
        try (Socket socket = new Socket()) {
            long start = System.nanoTime();
            socket.connect(address, timeoutMillis(check));
            check.setStatus(PortCheck.Status.OPEN).setRttSeconds((System.nanoTime() - start) / 1e9);
        } catch (IOException | IllegalArgumentException e) {
            check.setStatus(PortCheck.Status.CLOSED);
        }
    }

    /**
     * Port 0: an echo request. {@link InetAddress#isReachable} sends ICMP when the agent may (root), else tries the
     * TCP echo port, where a refusal still proves the host is up.
     */
    static void icmp(PortCheck.Builder check) {
        try {
            long start = System.nanoTime();
            InetAddress address = InetAddress.getByName(check.getHost());
            if (address.isReachable(timeoutMillis(check))) {
                check.setStatus(PortCheck.Status.OPEN).setRttSeconds((System.nanoTime() - start) / 1e9);
            } else {
                check.setStatus(PortCheck.Status.CLOSED);
            }
        } catch (IOException | SecurityException e) {
            check.setStatus(PortCheck.Status.CLOSED);
        }
    }

    /** Glances' web check: HEAD, redirects followed, the final status code and its time; 'Error' on any failure. */
    static void web(PortCheck.Builder check) {
        try {
            URL url = new URI(check.getUrl()).toURL();
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                HttpURLConnection connection = (HttpURLConnection) url.openConnection();
                try {
                    connection.setRequestMethod("HEAD");
                    connection.setInstanceFollowRedirects(false);
                    connection.setConnectTimeout(timeoutMillis(check));
                    connection.setReadTimeout(timeoutMillis(check));
                    connection.setRequestProperty("User-Agent", "fleetglance-agent");
                    if (connection instanceof HttpsURLConnection https && !check.getSslVerify()) {
                        https.setSSLSocketFactory(TrustEverything.FACTORY);
                        https.setHostnameVerifier((host, session) -> true);
                    }
                    long start = System.nanoTime();
                    int code = connection.getResponseCode();
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    String location = connection.getHeaderField("Location");
                    if (code >= 300 && code < 400 && location != null) {
                        url = url.toURI().resolve(location).toURL();
                        continue;
                    }
                    check.setStatus(PortCheck.Status.HTTP).setHttpCode(code).setElapsed(elapsed);
                    return;
                } finally {
                    connection.disconnect();
                }
            }
            error(check);
        } catch (IOException | URISyntaxException | IllegalArgumentException | ClassCastException e) {
            error(check);
        }
    }

    private static void error(PortCheck.Builder check) {
        check.setStatus(PortCheck.Status.HTTP_ERROR).setHttpCode(0).setElapsed(0);
    }

    private static int timeoutMillis(PortCheck.Builder check) {
        double seconds = check.getTimeout();
        return seconds > 0 ? (int) Math.min(Integer.MAX_VALUE, Math.round(seconds * 1000)) : 3000;
    }

    /** ssl_verify=False: any certificate, any host name, as requests' verify=False. */
    private static final class TrustEverything {
        static final SSLSocketFactory FACTORY = factory();

        private static SSLSocketFactory factory() {
            TrustManager trustAll = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trustAll}, null);
                return context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS in this JVM", e);
            }
        }
    }
}
