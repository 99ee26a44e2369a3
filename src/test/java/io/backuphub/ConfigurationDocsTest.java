package io.backuphub;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's settings table against the settings there are: every {@code hub.*} key that
 * a package maps ({@code @ConfigMapping}) has its row, every row names a mapped key, and where the
 * mapping has a default the row shows that default.
 */
class ConfigurationDocsTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(hub\\.[a-z0-9.-]+)` \\|[^|]*\\| ([^|]*) \\|");
    /** No default in the mapping: the row says what happens then (a dash, "none", the host name...). */
    private static final String NO_DEFAULT = "";

    @Test
    void theSettingsTableListsEveryMappedKeyWithItsDefault() throws Exception {
        Map<String, String> mapped = new TreeMap<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.backuphub").stream()
                .filter(c -> c.isAnnotatedWith(ConfigMapping.class))
                .map(JavaClass::reflect)
                .forEach(mapping -> keys(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, mapped));
        assertThat(mapped).as("the settings the packages map").containsKey("hub.data.dir").hasSizeGreaterThan(50);

        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("docs/configuration.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2).trim());
        }

        assertThat(documented.keySet()).as("keys in docs/configuration.md's settings table")
                .containsExactlyInAnyOrderElementsOf(mapped.keySet());
        mapped.forEach((key, value) -> {
            if (!value.equals(NO_DEFAULT)) {
                assertThat(documented.get(key)).as("the default docs/configuration.md gives " + key)
                        .isEqualTo("`" + value + "`");
            }
        });
    }

    private static void keys(String prefix, Class<?> group, Map<String, String> into) {
        for (Method setting : group.getDeclaredMethods()) {
            if (Modifier.isStatic(setting.getModifiers()) || setting.isDefault()) {
                continue;
            }
            String key = prefix + "." + kebab(setting.getName());
            Class<?> type = setting.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.backuphub.")) {
                keys(key, type, into);
            } else {
                WithDefault value = setting.getAnnotation(WithDefault.class);
                into.put(key, value == null ? NO_DEFAULT : value.value());
            }
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
