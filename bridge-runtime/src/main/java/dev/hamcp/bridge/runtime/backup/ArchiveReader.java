package dev.hamcp.bridge.runtime.backup;

import dev.hamcp.bridge.runtime.backup.BackupFormat.Table;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an archive once, front to back, in the order {@link BackupFormat} fixes, handing each row
 * to a visitor and hashing as it goes: the body (every byte before the manifest) and each section.
 * Holds one record in memory at a time. Anything out of place is refused, never skipped.
 */
final class ArchiveReader {

    /** What is done with each row; the verifier checks, the restore inserts. */
    interface Visitor {
        void row(Table table, byte[][] values) throws SQLException, BackupRefused;
    }

    /** A section as read: its rows and the SHA-256 (hex) of its row records. */
    record SectionRead(long rows, String sha256) {}

    /** What follows the sections: the manifest's exact bytes, its signature, and the hashes computed while reading. */
    record Ending(byte[] manifest, byte[] signature, String bodySha256, Map<String, SectionRead> sections) {}

    private final DataInputStream in;
    private final MessageDigest body = BackupWriter.sha256();

    private ArchiveReader(InputStream in) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    static Ending read(InputStream in, Visitor visitor) throws IOException, BackupRefused, SQLException {
        return new ArchiveReader(in).readAll(visitor);
    }

    private Ending readAll(Visitor visitor) throws IOException, BackupRefused, SQLException {
        header();
        var sections = new LinkedHashMap<String, SectionRead>();
        for (Table table : BackupFormat.TABLES) {
            sections.put(table.name(), section(table, visitor));
        }
        String bodySha256 = HexFormat.of().formatHex(body.digest());
        byte[] manifest = expect(BackupFormat.MANIFEST, "the manifest", null);
        byte[] signature = expect(BackupFormat.SIGNATURE, "the signature", null);
        if (in.read() != -1) {
            throw new BackupRefused("The archive goes on after its signature.");
        }
        return new Ending(manifest, signature, bodySha256, sections);
    }

    private void header() throws IOException, BackupRefused {
        byte[] magic = new byte[BackupFormat.MAGIC.length];
        try {
            in.readFully(magic);
            if (!Arrays.equals(magic, BackupFormat.MAGIC)) {
                throw new BackupRefused("This is not an HA-MCP Bridge backup archive.");
            }
            int version = in.readInt();
            if (version != BackupFormat.VERSION) {
                throw new BackupRefused("The archive's format version " + version + " is not one this bridge reads ("
                        + BackupFormat.VERSION + ").");
            }
            body.update(magic);
            body.update(ByteBuffer.allocate(4).putInt(version).array());
        } catch (EOFException e) {
            throw new BackupRefused("The archive is truncated.");
        }
    }

    private SectionRead section(Table table, Visitor visitor) throws IOException, BackupRefused, SQLException {
        byte[] start = expect(BackupFormat.TABLE, "the section " + table.name(), body);
        var declared = fields(start, table.columns().size() + 1, "the section " + table.name());
        var expected = new ArrayList<String>();
        expected.add(table.name());
        expected.addAll(table.columns());
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] == null || !expected.get(i).equals(new String(declared[i], StandardCharsets.UTF_8))) {
                throw new BackupRefused("The section " + table.name() + " is not where or what the format says.");
            }
        }
        var digest = BackupWriter.sha256();
        long rows = 0;
        while (true) {
            int tag = nextTag();
            byte[] payload = payload(tag);
            hash(body, tag, payload);
            if (tag == BackupFormat.END && payload.length == 0) {
                return new SectionRead(rows, HexFormat.of().formatHex(digest.digest()));
            }
            if (tag != BackupFormat.ROW) {
                throw new BackupRefused("The section " + table.name() + " holds a record of an unknown kind.");
            }
            hash(digest, tag, payload);
            visitor.row(table, fields(payload, table.columns().size(), "a row of " + table.name()));
            rows++;
        }
    }

    private byte[] expect(byte tag, String what, MessageDigest digest) throws IOException, BackupRefused {
        int found = nextTag();
        if (found != tag) {
            throw new BackupRefused("The archive does not hold " + what + " where the format says.");
        }
        byte[] payload = payload(found);
        if (digest != null) {
            hash(digest, found, payload);
        }
        return payload;
    }

    private int nextTag() throws IOException, BackupRefused {
        int tag = in.read();
        if (tag == -1) {
            throw new BackupRefused("The archive is truncated.");
        }
        return tag;
    }

    private byte[] payload(int tag) throws IOException, BackupRefused {
        try {
            int length = in.readInt();
            if (length < 0 || length > BackupFormat.MAX_RECORD) {
                throw new BackupRefused("The archive holds a record of an impossible length.");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length != length) {
                throw new BackupRefused("The archive is truncated.");
            }
            return payload;
        } catch (EOFException e) {
            throw new BackupRefused("The archive is truncated.");
        }
    }

    private static void hash(MessageDigest digest, int tag, byte[] payload) {
        BackupWriter.hash(digest, (byte) tag, payload);
    }

    /** Exactly {@code count} length-prefixed fields filling {@code payload}; null for SQL NULL. */
    static byte[][] fields(byte[] payload, int count, String what) throws BackupRefused {
        var buffer = ByteBuffer.wrap(payload);
        byte[][] values = new byte[count][];
        try {
            for (int i = 0; i < count; i++) {
                int length = buffer.getInt();
                if (length == -1) {
                    continue;
                }
                if (length < 0 || length > buffer.remaining()) {
                    throw new BackupRefused("The archive holds " + what + " that does not parse.");
                }
                values[i] = new byte[length];
                buffer.get(values[i]);
            }
        } catch (BufferUnderflowException e) {
            throw new BackupRefused("The archive holds " + what + " that does not parse.");
        }
        if (buffer.hasRemaining()) {
            throw new BackupRefused("The archive holds " + what + " that does not parse.");
        }
        return values;
    }
}
