package io.fleetglance.hub.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes and keeps the hub's TLS identity: a private CA of its own and a server certificate it signs, both made on the
 * first start into the state directory (keys readable by the hub's user only), or the operator's PEM files. EC P-256
 * keys: quick to make and to handshake with on every agent.
 */
public final class HubCertificates {

    static final String CA_CERT = "ca.pem";
    static final String CA_KEY = "ca.key";
    static final String SERVER_CERT = "server.pem";
    static final String SERVER_KEY = "server.key";
    private static final Duration CA_LIFE = Duration.ofDays(20 * 365);
    private static final Duration SERVER_LIFE = Duration.ofDays(2 * 365);
    /** A server certificate this close to its end is made again, by the same CA, at start: agents keep trusting. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final SecureRandom random = new SecureRandom();

    /** A fresh CA and server certificate held in memory only (tests, and hubs that are not to keep them). */
    public HubTls generate(Set<String> names) throws IOException {
        KeyPair ca = keyPair();
        X509Certificate caCert = caCertificate(ca);
        KeyPair server = keyPair();
        return new HubTls(server.getPrivate(), List.of(serverCertificate(server, ca, caCert, names), caCert), null);
    }

    /**
     * The identity kept in {@code dir}, made there on the first start; {@code created} tells whether it was made now.
     */
    public Loaded loadOrCreate(Path dir, Set<String> names) throws IOException {
        Path caCert = dir.resolve(CA_CERT);
        Path caKey = dir.resolve(CA_KEY);
        boolean created = false;
        KeyPair ca;
        X509Certificate caCertificate;
        if (Files.isRegularFile(caCert) && Files.isRegularFile(caKey)) {
            caCertificate = readCertificates(caCert).get(0);
            ca = new KeyPair(caCertificate.getPublicKey(), readKey(caKey));
        } else {
            ca = keyPair();
            caCertificate = caCertificate(ca);
            StateFiles.writePrivate(caKey, pem(ca.getPrivate()));
            StateFiles.writePublic(caCert, pem(caCertificate));
            created = true;
        }
        Path serverCert = dir.resolve(SERVER_CERT);
        Path serverKey = dir.resolve(SERVER_KEY);
        if (!created && Files.isRegularFile(serverCert) && Files.isRegularFile(serverKey)) {
            List<X509Certificate> chain = readCertificates(serverCert);
            Instant end = chain.get(0).getNotAfter().toInstant();
            if (end.isAfter(Instant.now().plus(RENEW_BEFORE))) {
                return new Loaded(new HubTls(readKey(serverKey), chain, caCert), false);
            }
        }
        KeyPair server = keyPair();
        X509Certificate leaf = serverCertificate(server, ca, caCertificate, names);
        StateFiles.writePrivate(serverKey, pem(server.getPrivate()));
        StateFiles.writePublic(serverCert, pem(leaf) + pem(caCertificate));
        return new Loaded(new HubTls(server.getPrivate(), List.of(leaf, caCertificate), caCert), created);
    }

    /** An identity from the state directory, and whether this start made it. */
    public record Loaded(HubTls tls, boolean created) {
    }

    /** The operator's own certificate chain and key ({@code --tls-cert}, {@code --tls-key}), PEM. */
    public HubTls fromPem(Path certificate, Path key) throws IOException {
        List<X509Certificate> chain = readCertificates(certificate);
        return new HubTls(readKey(key), chain, null);
    }

    /** The names and addresses a generated server certificate is made for. */
    public static Set<String> defaultNames(String bind) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no host name: loopback names only
        }
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            names.add(bind);
        }
        return names;
    }

    private KeyPair keyPair() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC key: " + e.getMessage(), e);
        }
    }

    private X509Certificate caCertificate(KeyPair ca) throws IOException {
        X500Name name = new X500Name("CN=Fleetglance hub CA " + Instant.now().getEpochSecond() + ",O=Fleetglance");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_LIFE)), name, ca.getPublic());
            // pathLen 0: this CA signs end certificates only, never another CA
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
            return sign(b, ca.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the hub's CA: " + e.getMessage(), e);
        }
    }

    private X509Certificate serverCertificate(KeyPair server, KeyPair ca, X509Certificate caCert, Set<String> names)
            throws IOException {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=Fleetglance hub,O=Fleetglance");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_LIFE)), subject,
                    server.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            List<GeneralName> alt = new ArrayList<>();
            for (String n : names) {
                boolean ip = n.matches("[0-9.]+") || n.contains(":");
                alt.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alt.toArray(GeneralName[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            return sign(b, ca.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the hub's server certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
            throws IOException, GeneralSecurityException {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new IOException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a PEM private key: " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no unencrypted PEM private key (PKCS#8, PKCS#1 or EC)");
    }

    /** PEM of a certificate, or of a private key as PKCS#8 ("PRIVATE KEY"), the form every TLS stack reads. */
    static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                w.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                w.writeObject(object);
            }
        }
        return text.toString();
    }
}
