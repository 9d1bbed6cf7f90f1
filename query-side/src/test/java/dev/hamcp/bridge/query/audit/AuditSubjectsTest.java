package dev.hamcp.bridge.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.upstream.UpstreamEvent;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every event type of shared-api, found on the class path rather than listed here, is indexed
 * under the user, token, connection or upstream it names: a new event, or a new family, fails
 * here until {@link AuditSubjects} knows it.
 */
class AuditSubjectsTest {

    @Test
    void everyEventOfSharedApiBelongsToAFamilyTheIndexKnows() throws Exception {
        var events = events();
        assertThat(events).hasSizeGreaterThan(30);
        for (Class<?> event : events) {
            assertThat(AuditSubjects.FAMILIES.stream().anyMatch(family -> family.isAssignableFrom(event)))
                    .as(event.getSimpleName() + " belongs to a family AuditSubjects names")
                    .isTrue();
        }
    }

    @Test
    void everyEventIsIndexedUnderTheUserTokenConnectionAndUpstreamItNames() throws Exception {
        for (Class<?> event : events()) {
            var names = Arrays.stream(event.getRecordComponents())
                    .map(RecordComponent::getName)
                    .toList();
            var subjects = AuditSubjects.of(sample(event));
            String what = event.getSimpleName();
            assertThat(subjects.user()).as(what + "'s user").isEqualTo(names.contains("userId") ? "userId" : null);
            assertThat(subjects.tokenId())
                    .as(what + "'s token")
                    .isEqualTo(names.contains("tokenId") ? "tokenId" : null);
            assertThat(subjects.connectionId())
                    .as(what + "'s connection")
                    .isEqualTo(names.contains("connectionId") ? "connectionId" : null);
            assertThat(subjects.upstreamId())
                    .as(what + "'s upstream")
                    .isEqualTo(UpstreamEvent.class.isAssignableFrom(event) ? "name" : null);
        }
    }

    /** The records of shared-api that implement one of its event families. */
    private static List<Class<?>> events() throws Exception {
        var found = new ArrayList<Class<?>>();
        var resources =
                new PathMatchingResourcePatternResolver().getResources("classpath*:dev/hamcp/bridge/api/**/*.class");
        for (var resource : resources) {
            String path = resource.getURL().toString();
            String name = path.substring(path.indexOf("dev/hamcp/bridge/api/"), path.length() - ".class".length())
                    .replace('/', '.');
            Class<?> type = Class.forName(name);
            if (type.isRecord() && isEvent(type)) {
                found.add(type);
            }
        }
        return found;
    }

    private static boolean isEvent(Class<?> type) {
        return Arrays.stream(type.getInterfaces())
                .anyMatch(family -> family.getSimpleName().endsWith("Event") || isEvent(family));
    }

    /** An instance whose every text is the name of its component; everything else empty. */
    private static Object sample(Class<?> event) throws Exception {
        var components = event.getRecordComponents();
        var types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        var values = Arrays.stream(components)
                .map(component -> {
                    Class<?> type = component.getType();
                    if (type == String.class) {
                        return component.getName();
                    }
                    if (type == boolean.class) {
                        return false;
                    }
                    if (type == int.class) {
                        return 0;
                    }
                    if (type == long.class) {
                        return 0L;
                    }
                    return null;
                })
                .toArray();
        return event.getDeclaredConstructor(types).newInstance(values);
    }
}
