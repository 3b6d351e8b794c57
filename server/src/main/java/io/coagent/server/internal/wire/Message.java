package io.coagent.server.internal.wire;

import io.coagent.engine.SqlState;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frontend message: its type byte and its body. The accessors read the body in order and turn
 * a body shorter than its fields claim into a {@link ProtocolException}, so a truncated or lying
 * message can never index past its own bytes.
 */
public final class Message {
  private final char type;
  private final ByteBuffer body;

  Message(char type, byte[] body) {
    this.type = type;
    this.body = ByteBuffer.wrap(body);
  }

  public char type() {
    return type;
  }

  public int int16() throws ProtocolException {
    try {
      return body.getShort();
    } catch (BufferUnderflowException e) {
      throw truncated("an Int16");
    }
  }

  public int int32() throws ProtocolException {
    try {
      return body.getInt();
    } catch (BufferUnderflowException e) {
      throw truncated("an Int32");
    }
  }

  public byte int8() throws ProtocolException {
    try {
      return body.get();
    } catch (BufferUnderflowException e) {
      throw truncated("a Byte1");
    }
  }

  /** {@code n} raw bytes; {@code n} has been checked against what is left. */
  public byte[] bytes(int n) throws ProtocolException {
    if (n < 0 || n > body.remaining()) {
      throw new ProtocolException(SqlState.PROTOCOL_VIOLATION, "message '" + type + "' claims a "
          + n + "-byte value but has " + body.remaining() + " bytes left");
    }
    byte[] b = new byte[n];
    body.get(b);
    return b;
  }

  /** A NUL-terminated UTF-8 string. */
  public String cstring() throws ProtocolException {
    int start = body.position();
    for (int i = start; i < body.limit(); i++) {
      if (body.get(i) == 0) {
        String s = new String(body.array(), start, i - start, StandardCharsets.UTF_8);
        body.position(i + 1);
        return s;
      }
    }
    throw truncated("a NUL-terminated string");
  }

  public int remaining() {
    return body.remaining();
  }

  private ProtocolException truncated(String what) {
    return new ProtocolException(SqlState.PROTOCOL_VIOLATION,
        "message '" + type + "' ends before " + what);
  }
}
