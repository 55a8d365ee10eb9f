import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The least memory a JVM costs before the agent's own code: {@code idle} prints "ready" and sleeps; {@code tls HOST
 * PORT CA_PEM} first makes the TLS connection the agent makes to its hub (TLS 1.3, ALPN h2, the hub's certificate
 * checked by PKIX against the hub's CA, as {@code HubTrust.Authorities} and {@code TlsConnector} do), then keeps it
 * open and sleeps. bench/agent-rss-floor.sh runs both with the agent's JVM flags and a class-data archive of their
 * own, beside the agent itself.
 */
public final class RssFloor {
    public static void main(String[] args) throws Exception {
        Socket kept = null;
        if (args.length == 4 && args[0].equals("tls")) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(args[3]))) {
                store.setCertificateEntry("ca-0", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            Socket tcp = new Socket();
            tcp.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 5000);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, args[1], tcp.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3"});
            parameters.setApplicationProtocols(new String[] {"h2"});
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            if (!"h2".equals(tls.getApplicationProtocol())) {
                throw new IllegalStateException("the hub did not agree on h2");
            }
            kept = tls;
        } else if (!(args.length == 1 && args[0].equals("idle"))) {
            System.err.println("usage: RssFloor idle | RssFloor tls HOST PORT CA_PEM");
            System.exit(2);
        }
        System.out.println("ready" + (kept != null ? " " + ((SSLSocket) kept).getSession().getProtocol() : ""));
        Thread.sleep(Long.MAX_VALUE);
    }
}
