package org.kabambe.connectors.smpp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

/**
 * jSMPP's socket connections with Nagle's algorithm off (jSMPP leaves it on). SMPP writes each PDU on its own, and
 * a small PDU written while the last is unacknowledged waited for the peer's delayed ACK (40 ms on Linux): with
 * nothing else on the link, an MO's deliver_sm_resp and the reply's submit_sm each sat out that delay (bench-sms,
 * MO -> reply p50 ~90 ms with receipts off).
 */
final class NoDelaySockets {
  private NoDelaySockets() {}

  /** For a client bind: connects as jSMPP's default factory does, then turns Nagle off. */
  static ConnectionFactory client() {
    return (host, port) -> new SocketConnection(noDelay(new Socket(host, port)));
  }

  /** For the simulator's listener: every accepted connection has Nagle off. */
  static ServerConnectionFactory server() {
    return new ServerConnectionFactory() {
      @Override
      public ServerConnection listen(int port) throws IOException {
        return new Listener(new ServerSocket(port));
      }

      @Override
      public ServerConnection listen(int port, int timeout) throws IOException {
        return listen(port, timeout, 50);
      }

      @Override
      public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
        var socket = new ServerSocket(port, backlog);
        socket.setSoTimeout(timeout);
        return new Listener(socket);
      }
    };
  }

  private static Socket noDelay(Socket socket) throws IOException {
    try {
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private record Listener(ServerSocket socket) implements ServerConnection {
    @Override
    public Connection accept() throws IOException {
      return new SocketConnection(noDelay(socket.accept()));
    }

    @Override
    public void setSoTimeout(int timeout) throws IOException {
      socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws IOException {
      return socket.getSoTimeout();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
