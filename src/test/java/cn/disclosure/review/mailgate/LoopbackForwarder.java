package cn.disclosure.review.mailgate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP forwarder on a loopback port to the test's service, that can be switched off and on: the
 * gate is configured with this port, so "the service is down" (nothing listens) and "the service is
 * back" (the forwarder listens again) happen without restarting the gate. Loopback only.
 */
final class LoopbackForwarder implements AutoCloseable {
    final int port;
    private final int target;
    private ServerSocket server;
    private final List<Socket> open = new ArrayList<>();

    LoopbackForwarder(int target) throws IOException {
        this.target = target;
        this.port = PostfixInstance.freePort();
    }

    /** Starts listening (the service is reachable again through this port). */
    synchronized void up() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = s;
        Thread t = new Thread(() -> accept(s), "test-forwarder");
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket in = s.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                synchronized (this) {
                    open.add(in);
                    open.add(out);
                }
                pipe(in, out);
                pipe(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                i.transferTo(o);
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }, "test-forwarder-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Stops listening and cuts every connection (the service is unreachable). */
    synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
