package dev.hamcp.bridge.runtime.mcp.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A value whose JSON was written once already: responses carry these bytes instead of serializing it again. */
public interface RawJson extends JsonSerializable {

    /** The value's JSON, in UTF-8. */
    byte[] json();

    @Override
    default void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
        generator.writeRawValue(new String(json(), StandardCharsets.UTF_8));
    }

    @Override
    default void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer type)
            throws IOException {
        serialize(generator, serializers);
    }
}
