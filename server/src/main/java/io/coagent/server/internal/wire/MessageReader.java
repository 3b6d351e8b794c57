package io.coagent.server.internal.wire;

import io.coagent.engine.SqlState;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frontend messages (PostgreSQL protocol 3.0) from a blocking stream.
 *
 * <p>Bounds: a length prefix is checked against {@code maxMessageBytes} before anything is
 * allocated, so a client announcing 1 GB costs nothing but an error; the startup packet has its own
 * small bound ({@link #MAX_STARTUP_BYTES}) since it precedes authentication.
 */
public final class MessageReader {
  /** PostgreSQL itself refuses startup packets over 10,000 bytes. */
  public static final int MAX_STARTUP_BYTES = 10_000;

  private final DataInputStream in;
  private final int maxMessageBytes;

  public MessageReader(InputStream in, int maxMessageBytes) {
    this.in = new DataInputStream(in);
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The first packet: a length, then a protocol code and, for a StartupMessage, the params. */
  public Message readStartup() throws IOException, ProtocolException {
    int len = in.readInt();
    if (len < 8 || len > MAX_STARTUP_BYTES) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
          "invalid startup packet length " + len + " (must be 8.." + MAX_STARTUP_BYTES + ")");
    }
    byte[] body = new byte[len - 4];
    in.readFully(body);
    return new Message('\0', body);
  }

  /** The type byte of the next message, or -1 at a clean end of stream. */
  public int readType() throws IOException {
    return in.read();
  }

  /** The rest of a message whose type byte {@link #readType()} returned. */
  public Message readBody(int type) throws IOException, ProtocolException {
    int len;
    try {
      len = in.readInt();
    } catch (EOFException e) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
          "connection closed inside message '" + (char) type + "'");
    }
    if (len < 4) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
          "invalid message length " + len + " for message '" + (char) type + "'");
    }
    if (len - 4 > maxMessageBytes) {
      throw new ProtocolException(SqlState.PROGRAM_LIMIT_EXCEEDED, "message '" + (char) type
          + "' of " + len + " bytes exceeds the server's limit of " + maxMessageBytes
          + " bytes (max_message_bytes)");
    }
    byte[] body = new byte[len - 4];
    try {
      in.readFully(body);
    } catch (EOFException e) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION,
          "connection closed inside message '" + (char) type + "'");
    }
    return new Message((char) type, body);
  }
}
