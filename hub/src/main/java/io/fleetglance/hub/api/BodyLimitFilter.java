package io.fleetglance.hub.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** No API request needs a large body (the biggest is a token request): anything over the limit is refused with 413. */
@PreMatching
public final class BodyLimitFilter implements ContainerRequestFilter {

    static final int LIMIT = 64 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > LIMIT) {
                    request.abortWith(tooLarge());
                    return;
                }
            } catch (NumberFormatException e) {
                request.abortWith(Json.error(400, "Content-Length is not a number"));
                return;
            }
        }
        request.setEntityStream(new Bounded(request.getEntityStream()));
    }

    private static Response tooLarge() {
        return Json.error(413, "Request body too large: at most " + LIMIT + " bytes");
    }

    /** A chunked body without a length is cut off at the limit the same way. */
    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > LIMIT) {
                throw new ApiException(413, "Request body too large: at most " + LIMIT + " bytes");
            }
        }
    }
}
