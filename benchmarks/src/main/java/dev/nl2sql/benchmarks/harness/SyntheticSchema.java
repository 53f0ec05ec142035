package dev.nl2sql.benchmarks.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A large, realistic-looking schema to link against: business domains ({@code sales}, {@code hr}, ...) times entities
 * ({@code customer}, {@code invoice}, ...), each table with a key, names, codes, statuses, cities, dates, amounts and
 * foreign keys to its parent entities in the same domain ({@code sales_order.customer_id -> sales_customer.id}), and
 * a few rows of text values. Questions name a child table, its parent and a value of the parent (sometimes
 * misspelt), and sometimes a grandchild; their gold tables and SQL are known. Deterministic for a seed.
 */
final class SyntheticSchema {

    /** A generated question, the tables it needs and a query that answers it. */
    record Question(String text, List<String> tables, String sql, String value) {
    }

    private static final String[] DOMAINS = {"sales", "retail", "hr", "finance", "logistics", "crm", "marketing",
        "support", "billing", "procurement", "manufacturing", "legal", "tech", "facilities", "research", "education",
        "health", "travel", "media", "sports", "energy", "insurance", "banking", "telecom", "hospitality",
        "agriculture", "construction", "pharma", "gaming", "publishing", "automotive", "aviation", "shipping",
        "security", "government"};

    /** Entity name, plural, parents (entities of the same domain), and whether it has a city. */
    private record Entity(String name, String plural, List<String> parents, boolean located) {
    }

    private static final List<Entity> ENTITIES = List.of(
            new Entity("region", "regions", List.of(), false),
            new Entity("site", "sites", List.of("region"), true),
            new Entity("department", "departments", List.of("site"), false),
            new Entity("employee", "employees", List.of("department"), true),
            new Entity("customer", "customers", List.of("region"), true),
            new Entity("supplier", "suppliers", List.of("region"), true),
            new Entity("category", "categories", List.of(), false),
            new Entity("brand", "brands", List.of("supplier"), false),
            new Entity("product", "products", List.of("category", "brand"), false),
            new Entity("warehouse", "warehouses", List.of("site"), true),
            new Entity("stock_level", "stock levels", List.of("product", "warehouse"), false),
            new Entity("order", "orders", List.of("customer", "employee"), false),
            new Entity("order_line", "order lines", List.of("order", "product"), false),
            new Entity("invoice", "invoices", List.of("customer", "order"), false),
            new Entity("payment", "payments", List.of("invoice"), false),
            new Entity("shipment", "shipments", List.of("order", "warehouse"), false),
            new Entity("carrier", "carriers", List.of(), true),
            new Entity("route", "routes", List.of("carrier"), false),
            new Entity("project", "projects", List.of("department"), false),
            new Entity("task", "tasks", List.of("project", "employee"), false),
            new Entity("contract", "contracts", List.of("supplier"), false),
            new Entity("campaign", "campaigns", List.of("brand"), false),
            new Entity("lead", "leads", List.of("campaign"), true),
            new Entity("ticket", "tickets", List.of("customer", "employee"), false),
            new Entity("asset", "assets", List.of("site"), false),
            new Entity("vendor", "vendors", List.of("region"), true),
            new Entity("purchase", "purchases", List.of("vendor", "employee"), false),
            new Entity("budget", "budgets", List.of("department"), false),
            new Entity("review", "reviews", List.of("product", "customer"), false),
            new Entity("course", "courses", List.of("department"), false),
            new Entity("enrollment", "enrollments", List.of("course", "employee"), false),
            new Entity("event", "events", List.of("site"), true),
            new Entity("booking", "bookings", List.of("event", "customer"), false));

    private static final String[] CITIES = {"Berlin", "Lisbon", "Porto", "Madrid", "Barcelona", "Amsterdam",
        "Rotterdam", "Vienna", "Zurich", "Geneva", "Milan", "Turin", "Lyon", "Marseille", "Krakow", "Warsaw",
        "Prague", "Budapest", "Copenhagen", "Stockholm", "Oslo", "Helsinki", "Dublin", "Edinburgh", "Manchester",
        "Seville", "Valencia", "Antwerp", "Brussels", "Hamburg", "Munich", "Cologne", "Frankfurt", "Athens",
        "Bucharest", "Sofia", "Zagreb", "Ljubljana", "Tallinn", "Riga", "Vilnius", "São Paulo", "Montréal",
        "Málaga", "Göteborg", "Reykjavík", "Thessaloniki", "Philadelphia", "Minneapolis", "Albuquerque"};
    private static final String[] FIRST = {"Maria", "John", "Ana", "Peter", "Sofia", "Lukas", "Emma", "Noah",
        "Olivia", "Liam", "Mia", "Elias", "Clara", "Hugo", "Ines", "Tomas", "Marta", "Jonas", "Lea", "Pablo"};
    private static final String[] LAST = {"Silva", "Schmidt", "Garcia", "Rossi", "Novak", "Jansen", "Dubois",
        "Kowalski", "Larsen", "Costa", "Fischer", "Moreau", "Horvat", "Nielsen", "Ferreira", "Weber"};
    private static final String[] WORDS = {"Aurora", "Summit", "Harbor", "Cedar", "Falcon", "Meridian", "Nimbus",
        "Quartz", "Sierra", "Vertex", "Orchid", "Granite", "Beacon", "Lumen", "Juniper", "Cobalt", "Atlas",
        "Pioneer", "Willow", "Zephyr"};
    private static final String[] STATUSES = {"active", "closed", "pending", "cancelled", "on hold", "archived"};

    private final List<String> tables = new ArrayList<>();
    /** Per table: the names and cities stored in it. */
    private final Map<String, List<String>> names = new LinkedHashMap<>();
    private final Map<String, List<String>> cities = new LinkedHashMap<>();
    private final int rowsPerTable;

    private SyntheticSchema(int rowsPerTable) {
        this.rowsPerTable = rowsPerTable;
    }

    /** Creates {@code tableCount} tables (whole domains, in order) through {@code connection}. */
    static SyntheticSchema create(Connection connection, int tableCount, long seed) throws SQLException {
        SyntheticSchema s = new SyntheticSchema(6);
        Random random = new Random(seed);
        int domains = (tableCount + ENTITIES.size() - 1) / ENTITIES.size();
        if (domains > DOMAINS.length) {
            throw new IllegalArgumentException("at most " + DOMAINS.length * ENTITIES.size() + " tables");
        }
        try (Statement st = connection.createStatement()) {
            for (int d = 0; d < domains; d++) {
                for (Entity e : ENTITIES) {
                    if (s.tables.size() == tableCount) {
                        break;
                    }
                    s.createTable(st, connection, DOMAINS[d], e, random);
                }
            }
        }
        return s;
    }

    int tableCount() {
        return tables.size();
    }

    private static String table(String domain, String entity) {
        return domain + "_" + entity;
    }

    private void createTable(Statement st, Connection c, String domain, Entity e, Random random) throws SQLException {
        String name = table(domain, e.name());
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + name + " (id INT PRIMARY KEY, name VARCHAR(80), "
                + "code VARCHAR(20), status VARCHAR(20)");
        if (e.located()) {
            ddl.append(", city VARCHAR(60)");
        }
        ddl.append(", created_on DATE, amount DECIMAL(12,2), quantity INT");
        for (String parent : e.parents()) {
            if (tables.contains(table(domain, parent))) {
                ddl.append(", ").append(parent).append("_id INT REFERENCES ").append(table(domain, parent))
                        .append("(id)");
            }
        }
        st.execute(ddl.append(")").toString());
        tables.add(name);
        List<String> rowNames = new ArrayList<>();
        List<String> rowCities = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + name
                + " (id, name, code, status" + (e.located() ? ", city" : "") + ") VALUES (?, ?, ?, ?"
                + (e.located() ? ", ?" : "") + ")")) {
            for (int i = 1; i <= rowsPerTable; i++) {
                String value = e.located() || e.name().equals("employee")
                        ? FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]
                        : WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
                p.setInt(1, i);
                p.setString(2, value);
                p.setString(3, e.name().substring(0, 2).toUpperCase() + "-" + (100 + random.nextInt(900)));
                p.setString(4, STATUSES[random.nextInt(STATUSES.length)]);
                if (e.located()) {
                    String city = CITIES[random.nextInt(CITIES.length)];
                    p.setString(5, city);
                    rowCities.add(city);
                }
                rowNames.add(value);
                p.addBatch();
            }
            p.executeBatch();
        }
        names.put(name, rowNames);
        cities.put(name, rowCities);
    }

    /**
     * {@code count} questions over random domains: a child and a parent table (a third, the grandchild, in every
     * third), a value of the parent's name or city, written with one typo in every fifth question.
     */
    List<Question> questions(int count, long seed) {
        Random random = new Random(seed);
        List<Question> questions = new ArrayList<>();
        List<String> domains = tables.stream().map(t -> t.substring(0, t.indexOf('_'))).distinct().toList();
        while (questions.size() < count) {
            String domain = domains.get(random.nextInt(domains.size()));
            Entity child = ENTITIES.get(random.nextInt(ENTITIES.size()));
            if (child.parents().isEmpty() || !tables.contains(table(domain, child.name()))) {
                continue;
            }
            String parentName = child.parents().get(random.nextInt(child.parents().size()));
            Entity parent = ENTITIES.stream().filter(x -> x.name().equals(parentName)).findFirst().orElseThrow();
            String childTable = table(domain, child.name());
            String parentTable = table(domain, parent.name());
            if (!tables.contains(parentTable)) {
                continue;
            }
            boolean byCity = parent.located() && random.nextBoolean();
            List<String> pool = byCity ? cities.get(parentTable) : names.get(parentTable);
            String value = pool.get(random.nextInt(pool.size()));
            String written = questions.size() % 5 == 4 ? typo(value, random) : value;
            String where = parentTable + "." + (byCity ? "city" : "name") + " = '" + value.replace("'", "''") + "'";
            String join = " JOIN " + parentTable + " ON " + childTable + "." + parent.name() + "_id = " + parentTable
                    + ".id";
            String childWords = domain + " " + child.plural();
            String parentWords = parent.name().replace('_', ' ');
            Entity grandchild = questions.size() % 3 == 2 ? ENTITIES.stream()
                    .filter(x -> x.parents().contains(child.name()) && tables.contains(table(domain, x.name())))
                    .findFirst().orElse(null) : null;
            if (grandchild != null) {
                String gcTable = table(domain, grandchild.name());
                questions.add(new Question("How many " + grandchild.plural() + " belong to " + childWords + " of the "
                        + parentWords + (byCity ? " in " : " named ") + written + "?",
                        List.of(gcTable, childTable, parentTable),
                        "SELECT COUNT(*) FROM " + gcTable + " JOIN " + childTable + " ON " + gcTable + "."
                                + child.name() + "_id = " + childTable + ".id" + join + " WHERE " + where, value));
            } else if (byCity) {
                questions.add(new Question("List the codes and statuses of " + childWords + " whose " + parentWords
                        + " is in " + written + ".", List.of(childTable, parentTable),
                        "SELECT " + childTable + ".code, " + childTable + ".status FROM " + childTable + join
                                + " WHERE " + where, value));
            } else {
                questions.add(new Question("What is the total amount of " + childWords + " for the " + parentWords
                        + " " + written + "?", List.of(childTable, parentTable),
                        "SELECT SUM(" + childTable + ".amount) FROM " + childTable + join + " WHERE " + where, value));
            }
        }
        return questions;
    }

    /** One letter dropped or two neighbours swapped, never the first letter. */
    private static String typo(String value, Random random) {
        int at = 1 + random.nextInt(Math.max(1, value.length() - 2));
        if (random.nextBoolean() || at + 1 >= value.length()) {
            return value.substring(0, at) + value.substring(at + 1);
        }
        return value.substring(0, at) + value.charAt(at + 1) + value.charAt(at) + value.substring(at + 2);
    }
}
