package cn.disclosure.review.fleet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No image can be built and no cluster reached on these machines, so what can be checked without
 * them is checked here: every manifest parses (SnakeYAML, safe loading), carries the fields the
 * deployment relies on (probes, replicas, disruption budget, non-root, resources, three database
 * instances), every environment variable given to the service is one the service reads, every
 * Secret referenced is one that create-secrets.sh or CloudNativePG creates with that key, and the
 * Dockerfile installs the OCR packages deploy/test.sh installs and starts what deploy/run.sh starts.
 */
class DeploymentManifestsTest {
    private static final Path K8S = Path.of("deploy", "k8s");
    private static final Map<String, Map<String, Object>> byKind = new HashMap<>();
    private static final List<Map<String, Object>> all = new ArrayList<>();
    /** The settings the service reads: application.properties (keys and comments) and the main sources. */
    private static String settingsText;

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parseEverything() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : yaml().loadAll(Files.readString(f, StandardCharsets.UTF_8))) {
                    assertThat(doc).as(f + " holds a mapping").isInstanceOf(Map.class);
                    Map<String, Object> m = (Map<String, Object>) doc;
                    assertThat(m).as(f.toString()).containsKeys("apiVersion", "kind");
                    all.add(m);
                    assertThat(byKind.put((String) m.get("kind"), m)).as("one " + m.get("kind")).isNull();
                }
            }
        }
        StringBuilder text = new StringBuilder(Files.readString(Path.of("src/main/resources/application.properties")));
        try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
            for (Path p : java.filter(p -> p.toString().endsWith(".java")).toList()) {
                text.append('\n').append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        settingsText = text.toString();
    }

    @Test
    void theKustomizationListsExactlyTheManifestsThatExist() throws IOException {
        List<String> resources = list(byKind.get("Kustomization"), "resources");
        for (String r : resources) {
            assertThat(K8S.resolve(r)).exists();
        }
        try (Stream<Path> files = Files.list(K8S)) {
            Set<String> yamls = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).collect(Collectors.toSet());
            assertThat(resources).containsExactlyInAnyOrderElementsOf(yamls);
        }
    }

    @Test
    void theDeploymentRunsTwoNonRootReplicasWithProbesAndResources() {
        Map<String, Object> deployment = byKind.get("Deployment");
        Map<String, Object> spec = map(deployment, "spec");
        assertThat(((Number) spec.get("replicas")).intValue()).isGreaterThanOrEqualTo(2);
        assertThat(map(map(spec, "strategy"), "rollingUpdate").get("maxUnavailable")).isEqualTo(0);
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        Map<String, Object> podSecurity = map(pod, "securityContext");
        assertThat(podSecurity.get("runAsNonRoot")).isEqualTo(true);
        assertThat(((Number) podSecurity.get("runAsUser")).intValue()).isPositive();
        Map<String, Object> container = container(deployment);
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
        assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
        assertThat(map(map(container, "resources"), "limits")).containsKey("memory");
        Map<String, Object> security = map(container, "securityContext");
        assertThat(security.get("allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(security.get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(list(map(security, "capabilities"), "drop")).contains("ALL");
        // a read-only root needs writable mounts where the service writes: its data directory and /tmp
        Set<String> mounts = DeploymentManifestsTest.<Map<String, Object>>list(container, "volumeMounts").stream()
                .map(m -> (String) m.get("mountPath")).collect(Collectors.toSet());
        assertThat(mounts).contains("/deployments/data", "/tmp");
        // the named port the probes and the Service use
        assertThat(DeploymentManifestsTest.<Map<String, Object>>list(container, "ports")).anySatisfy(p -> {
            assertThat(p.get("name")).isEqualTo("http");
            assertThat(p.get("containerPort")).isEqualTo(8080);
        });
    }

    @Test
    void theDisruptionBudgetAndTheServiceSelectThePods() {
        Map<String, Object> labels = map(map(map(map(byKind.get("Deployment"), "spec"), "template"), "metadata"), "labels");
        Map<String, Object> pdb = byKind.get("PodDisruptionBudget");
        int replicas = ((Number) map(byKind.get("Deployment"), "spec").get("replicas")).intValue();
        int minAvailable = ((Number) map(pdb, "spec").get("minAvailable")).intValue();
        assertThat(minAvailable).isBetween(1, replicas - 1);
        assertThat(labels).containsAllEntriesOf(map(map(map(pdb, "spec"), "selector"), "matchLabels"));
        Map<String, Object> service = byKind.get("Service");
        assertThat(labels).containsAllEntriesOf(map(map(service, "spec"), "selector"));
        assertThat(DeploymentManifestsTest.<Map<String, Object>>list(map(service, "spec"), "ports")).anySatisfy(p ->
                assertThat(p.get("targetPort")).isEqualTo("http"));
    }

    @Test
    void theDatabaseIsACloudNativePgClusterOfThreeWithTheServicesRoles() {
        Map<String, Object> cluster = byKind.get("Cluster");
        assertThat(cluster.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
        Map<String, Object> spec = map(cluster, "spec");
        assertThat(spec.get("instances")).isEqualTo(3);
        assertThat(((Number) spec.get("minSyncReplicas")).intValue()).isPositive();
        Map<String, Object> initdb = map(map(spec, "bootstrap"), "initdb");
        assertThat(initdb.get("owner")).isEqualTo("review_owner");
        assertThat(map(map(spec, "postgresql"), "parameters").get("synchronous_commit")).isEqualTo("on");
        List<Map<String, Object>> roles = list(map(spec, "managed"), "roles");
        assertThat(roles).singleElement().satisfies(r -> {
            assertThat(r.get("name")).isEqualTo("review_app");
            assertThat(r.get("superuser")).isEqualTo(false);
            assertThat(r.get("inherit")).isEqualTo(false);
            assertThat(map(r, "passwordSecret").get("name")).isEqualTo(secretOf("QUARKUS_DATASOURCE_PASSWORD"));
        });
        // the service connects to the cluster's read-write Service with TLS verified
        String url = (String) map(byKind.get("ConfigMap"), "data").get("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(url).startsWith("jdbc:postgresql://" + metadataName(cluster) + "-rw:5432/" + initdb.get("database") + "?")
                .contains("sslmode=verify-full");
    }

    @Test
    void everyVariableGivenToTheServiceIsOneItReadsAndTheRequiredOnesAreGiven() {
        Set<String> given = new LinkedHashSet<>(map(byKind.get("ConfigMap"), "data").keySet());
        for (Map<String, Object> e : DeploymentManifestsTest.<Map<String, Object>>list(container(byKind.get("Deployment")), "env")) {
            given.add((String) e.get("name"));
        }
        for (String name : given) {
            assertThat(readByTheService(name)).as(name + " is read by the service").isTrue();
        }
        assertThat(given).contains("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "REVIEW_DB_OWNER_USERNAME", "REVIEW_DB_OWNER_PASSWORD", "REVIEW_SESSION_KEY", "REVIEW_AUDIT_SIGNING_KEY",
                "REVIEW_WEBHOOK_KEY", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        // the service's role is not the owner (Flyway refuses that, docs/security/database.md)
        assertThat(secretOf("QUARKUS_DATASOURCE_PASSWORD")).isNotEqualTo(secretOf("REVIEW_DB_OWNER_PASSWORD"));
    }

    @Test
    void everySecretReferencedIsCreatedWithThatKey() throws IOException {
        String script = Files.readString(K8S.resolve("create-secrets.sh"), StandardCharsets.UTF_8);
        String cluster = metadataName(byKind.get("Cluster"));
        // what CloudNativePG generates for a cluster bootstrapped with initdb: <cluster>-app (the owner) and <cluster>-ca
        Map<String, Set<String>> generated = Map.of(cluster + "-app", Set.of("username", "password"),
                cluster + "-ca", Set.of("ca.crt"));
        Map<String, Set<String>> created = secretsCreatedBy(script);
        assertThat(created).containsKeys("review-keys", "review-db-app-role", "review-jwt");
        List<String[]> refs = new ArrayList<>();
        Map<String, Object> deployment = byKind.get("Deployment");
        for (Map<String, Object> e : DeploymentManifestsTest.<Map<String, Object>>list(container(deployment), "env")) {
            Map<String, Object> from = map(e, "valueFrom");
            if (from != null && from.containsKey("secretKeyRef")) {
                Map<String, Object> ref = map(from, "secretKeyRef");
                refs.add(new String[]{(String) ref.get("name"), (String) ref.get("key")});
            }
        }
        for (Map<String, Object> v : DeploymentManifestsTest.<Map<String, Object>>list(map(map(map(deployment, "spec"), "template"), "spec"), "volumes")) {
            Map<String, Object> secret = map(v, "secret");
            if (secret != null) {
                for (Map<String, Object> item : DeploymentManifestsTest.<Map<String, Object>>list(secret, "items")) {
                    refs.add(new String[]{(String) secret.get("secretName"), (String) item.get("key")});
                }
            }
        }
        assertThat(refs).hasSizeGreaterThanOrEqualTo(9);
        for (String[] ref : refs) {
            Set<String> keys = created.containsKey(ref[0]) ? created.get(ref[0]) : generated.get(ref[0]);
            assertThat(keys).as("Secret " + ref[0] + " is created").isNotNull();
            assertThat(keys).as("Secret " + ref[0]).contains(ref[1]);
        }
        // the keys of the managed role's Secret are what CloudNativePG expects of a basic-auth Secret
        assertThat(created.get("review-db-app-role")).containsExactlyInAnyOrder("username", "password");
        assertThat(script).contains("--type=kubernetes.io/basic-auth").contains("username=review_app");
    }

    @Test
    void composeRunsTheImageOnLoopbackAsNonRootWithEveryRequiredSetting() throws IOException {
        Map<String, Object> compose = yaml().load(Files.readString(Path.of("deploy", "compose.yaml"), StandardCharsets.UTF_8));
        Map<String, Object> services = map(compose, "services");
        assertThat(services).containsKeys("db", "review");
        Map<String, Object> review = map(services, "review");
        assertThat(Path.of((String) map(review, "build").get("dockerfile"))).exists();
        assertThat(review.get("user")).isEqualTo("185:185");
        assertThat(review.get("read_only")).isEqualTo(true);
        assertThat(DeploymentManifestsTest.<String>list(review, "ports")).allMatch(p -> p.startsWith("127.0.0.1:"));
        assertThat(map(services, "db")).doesNotContainKey("ports");
        assertThat(map(map(review, "depends_on"), "db").get("condition")).isEqualTo("service_healthy");
        Map<String, Object> env = map(review, "environment");
        assertThat(env).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "REVIEW_DB_OWNER_USERNAME", "REVIEW_DB_OWNER_PASSWORD", "REVIEW_SESSION_KEY", "REVIEW_AUDIT_SIGNING_KEY",
                "REVIEW_WEBHOOK_KEY", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        for (String name : env.keySet()) {
            assertThat(readByTheService(name)).as(name + " is read by the service").isTrue();
        }
        assertThat(env.get("QUARKUS_DATASOURCE_USERNAME")).isNotEqualTo(env.get("REVIEW_DB_OWNER_USERNAME"));
        // every variable compose requires (${X:?…}) is written by create-env.sh
        String text = Files.readString(Path.of("deploy", "compose.yaml"), StandardCharsets.UTF_8);
        String createEnv = Files.readString(Path.of("deploy", "compose", "init-roles.sh").resolveSibling("create-env.sh"));
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(text);
        int n = 0;
        while (required.find()) {
            n++;
            assertThat(createEnv).as(required.group(1)).contains("echo \"" + required.group(1) + "=");
        }
        assertThat(n).isGreaterThanOrEqualTo(7);
        // the database's init script creates the roles compose hands to the service
        String init = Files.readString(Path.of("deploy", "compose", "init-roles.sh"));
        assertThat(init).contains("CREATE ROLE " + env.get("QUARKUS_DATASOURCE_USERNAME") + " ")
                .contains("CREATE ROLE " + env.get("REVIEW_DB_OWNER_USERNAME") + " ").contains("NOINHERIT");
    }

    @Test
    void theImageInstallsTheOcrPackagesOfTheTestHostAndStartsWhatRunShStarts() throws IOException {
        String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"), StandardCharsets.UTF_8);
        String testSh = Files.readString(Path.of("deploy", "test.sh"), StandardCharsets.UTF_8);
        String runSh = Files.readString(Path.of("deploy", "run.sh"), StandardCharsets.UTF_8);
        // the packages deploy/test.sh installs for OCR and Chinese fonts
        Set<String> ocrPackages = new LinkedHashSet<>();
        Matcher need = Pattern.compile("need\\+=\\(([^)]*)\\)").matcher(testSh);
        while (need.find()) {
            for (String p : need.group(1).trim().split("\\s+")) {
                if (p.startsWith("tesseract") || p.startsWith("fonts-")) {
                    ocrPackages.add(p);
                }
            }
        }
        assertThat(ocrPackages).contains("tesseract-ocr", "tesseract-ocr-chi-sim", "fonts-wqy-zenhei");
        String install = dockerfile.substring(dockerfile.indexOf("apt-get install"));
        install = install.substring(0, install.indexOf("rm -rf /var/lib/apt/lists"));
        assertThat(install).contains(ocrPackages);
        // what run.sh starts: deploy/start-java.sh with target/quarkus-app/quarkus-run.jar, in the project directory
        Matcher jar = Pattern.compile("jar=(\\S+)").matcher(runSh);
        assertThat(jar.find()).isTrue();
        Path runJar = Path.of(jar.group(1));
        assertThat(runJar.getFileName().toString()).isEqualTo("quarkus-run.jar");
        assertThat(runSh).contains("bash deploy/start-java.sh \"$jar\" ");
        String launcher = Files.readString(Path.of("deploy", "start-java.sh"), StandardCharsets.UTF_8);
        assertThat(launcher).contains("${JAVA_OPTS").contains("-jar \"$jar\"");
        String appDir = runJar.getParent().toString();
        for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertThat(dockerfile).contains("COPY --chown=185:185 " + appDir + "/" + part + " ");
        }
        // the image starts it with the same launcher, and records the class cache that launcher maps
        assertThat(dockerfile).contains("COPY --chown=185:185 deploy/start-java.sh deploy/train-class-cache.sh /deployments/");
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertThat(entry.find()).isTrue();
        assertThat(entry.group(1)).isEqualTo("\"/bin/bash\", \"/deployments/start-java.sh\", \"/deployments/"
                + runJar.getFileName() + "\", \"/deployments/app.aot\"");
        assertThat(dockerfile).contains("RUN bash /deployments/train-class-cache.sh /deployments/" + runJar.getFileName()
                + " /deployments/app.aot");
        // recorded as the user that runs it, after the JAVA_OPTS it runs with (a cache is used only with its own options)
        assertThat(dockerfile.indexOf("RUN bash /deployments/train-class-cache.sh")).isGreaterThan(dockerfile.indexOf("JAVA_OPTS="))
                .isGreaterThan(dockerfile.indexOf("\nUSER "));
        // a JDK with the AOT cache (25+)
        Matcher from = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre").matcher(dockerfile);
        assertThat(from.find()).isTrue();
        assertThat(Integer.parseInt(from.group(1))).isGreaterThanOrEqualTo(25);
        assertThat(dockerfile).contains("WORKDIR /deployments");
        // relative paths the service resolves from its working directory: the starting lexicons
        String lexiconDir = Pattern.compile("(?m)^review\\.lexicon\\.directory=(.+)$").matcher(settingsText).results()
                .findFirst().orElseThrow().group(1).trim();
        assertThat(Path.of(lexiconDir)).isDirectory();
        assertThat(dockerfile).contains("COPY --chown=185:185 " + lexiconDir + "/ /deployments/" + lexiconDir + "/");
        // never root
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1)).doesNotStartWith("0").doesNotStartWith("root");
        assertThat(dockerfile.substring(user.end())).doesNotContain("\nUSER ");
        // the build context lets exactly these through
        String dockerignore = Files.readString(Path.of(".dockerignore"));
        assertThat(dockerignore).contains("!" + appDir + "/").contains("!" + lexiconDir + "/")
                .contains("!deploy/start-java.sh").contains("!deploy/train-class-cache.sh");
    }

    @Test
    void theGrafanaDashboardShowsEveryMetricTheServiceDefinesAndNoOther() throws IOException {
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("deploy", "grafana", "secrecy-review.json").toFile());
        Set<String> shown = new LinkedHashSet<>();
        for (com.fasterxml.jackson.databind.JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (com.fasterxml.jackson.databind.JsonNode target : panel.get("targets")) {
                Matcher m = Pattern.compile("\\b(review_[a-z_]+)").matcher(target.get("expr").asText());
                while (m.find()) {
                    shown.add(m.group(1));
                }
            }
        }
        // meters the service registers: counter("review.x", …) → review_x_total, Gauge.builder("review.y", …) → review_y
        Set<String> defined = new LinkedHashSet<>();
        Matcher counters = Pattern.compile("\\.counter\\(\"(review\\.[a-z.]+)\"").matcher(settingsText);
        while (counters.find()) {
            defined.add(counters.group(1).replace('.', '_') + "_total");
        }
        Matcher gauges = Pattern.compile("Gauge\\.builder\\(\"(review\\.[a-z.]+)\"").matcher(settingsText);
        while (gauges.find()) {
            defined.add(gauges.group(1).replace('.', '_'));
        }
        assertThat(defined).contains("review_decisions_total", "review_publish_gate_total", "review_fleet_listener_connected");
        assertThat(shown).containsExactlyInAnyOrderElementsOf(defined);
    }

    // ---- helpers ----

    private boolean readByTheService(String env) {
        // a literal name in the sources or settings (REVIEW_SESSION_KEY, ${REVIEW_JWT_ISSUER:...}), or the
        // property it maps to (REVIEW_LEXICON_REFRESH_INTERVAL → review.lexicon.refresh-interval)
        if (settingsText.contains(env)) {
            return true;
        }
        String property = env.toLowerCase().replace("_", "[._-]");
        if (Pattern.compile("(?<![a-z0-9])" + property + "(?![a-z0-9])").matcher(settingsText).find()) {
            return true;
        }
        // read by Quarkus itself (the profile) and by the image's entrypoint (JVM options)
        return Set.of("QUARKUS_PROFILE", "JAVA_OPTS").contains(env);
    }

    private String secretOf(String env) {
        for (Map<String, Object> e : DeploymentManifestsTest.<Map<String, Object>>list(container(byKind.get("Deployment")), "env")) {
            if (env.equals(e.get("name"))) {
                return (String) map(map(e, "valueFrom"), "secretKeyRef").get("name");
            }
        }
        throw new AssertionError(env + " not set from a Secret");
    }

    private static Map<String, Set<String>> secretsCreatedBy(String script) {
        Map<String, Set<String>> out = new HashMap<>();
        String flat = script.replace("\\\n", " ");
        Matcher m = Pattern.compile("kubectl create secret generic (\\S+)([^\\n]*)").matcher(flat);
        while (m.find()) {
            Set<String> keys = new LinkedHashSet<>();
            Matcher k = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=").matcher(m.group(2));
            while (k.find()) {
                keys.add(k.group(1));
            }
            out.put(m.group(1), keys);
        }
        return out;
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(map(map(map(deployment, "spec"), "template"), "spec"), "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static String metadataName(Map<String, Object> o) {
        return (String) map(o, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return m == null ? null : (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? List.of() : (List<T>) v;
    }

    private static Object path(Map<String, Object> m, String... keys) {
        Object cur = m;
        for (String k : keys) {
            cur = ((Map<?, ?>) cur).get(k);
        }
        return cur;
    }
}
