package io.fleetglance.agent.tls;

import io.fleetglance.agent.grpc.GrpcCall;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Opens the agent's connection to the hub over TLS 1.3 with ALPN {@code h2}, through the JDK alone. */
final class TlsConnector implements GrpcCall.Connector {

    private final SSLContext context;
    private final int handshakeTimeoutMs;

    TlsConnector(X509TrustManager trust, Duration handshakeTimeout) {
        this.handshakeTimeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
        try {
            context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {trust}, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot speak TLS 1.3: " + e.getMessage(), e);
        }
    }

    @Override
    public Socket open(String host, int port, int timeoutMs) throws IOException {
        Socket tcp = GrpcCall.connect(host, port, timeoutMs);
        SSLSocket tls = null;
        try {
            tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3"});
            parameters.setApplicationProtocols(new String[] {"h2"});
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(Math.min(timeoutMs, handshakeTimeoutMs));
            tls.startHandshake();
            if (!"h2".equals(tls.getApplicationProtocol())) {
                throw new IOException("the hub at " + host + ":" + port + " did not agree on HTTP/2 (ALPN h2)");
            }
            return tls;
        } catch (SSLException e) {
            close(tls, tcp);
            throw new IOException("TLS handshake with the hub at " + host + ":" + port + " failed: "
                    + e.getMessage() + " (a hub started with --insecure speaks no TLS)", e);
        } catch (IOException | RuntimeException e) {
            close(tls, tcp);
            throw e;
        }
    }

    private static void close(Socket tls, Socket tcp) {
        try {
            (tls != null ? tls : tcp).close();
        } catch (IOException ignored) {
            // closing a socket that failed anyway
        }
    }
}
