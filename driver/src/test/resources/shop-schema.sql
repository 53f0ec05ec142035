-- A small shop for the driver's question tests (H2).
CREATE TABLE IF NOT EXISTS customers (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL, city VARCHAR(40));
COMMENT ON TABLE customers IS 'People with an account';
CREATE TABLE IF NOT EXISTS products (id INT PRIMARY KEY, name VARCHAR(60), category VARCHAR(30), price DECIMAL(10,2),
    in_stock INT);
CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, customer_id INT REFERENCES customers (id), ordered_at DATE,
    status VARCHAR(20));
CREATE TABLE IF NOT EXISTS order_items (order_id INT REFERENCES orders (id), product_id INT REFERENCES products (id),
    quantity INT, PRIMARY KEY (order_id, product_id));
MERGE INTO customers KEY (id) VALUES (1, 'Ada', 'Lisbon'), (2, 'Grace', 'Porto'), (3, 'Alan', 'Berlin');
MERGE INTO products KEY (id) VALUES (1, 'Espresso beans', 'Coffee', 24.50, 10), (2, 'Green tea', 'Tea', 7.80, 0);
MERGE INTO orders KEY (id) VALUES (1, 1, DATE '2024-03-01', 'shipped'), (2, 2, DATE '2024-05-09', 'placed');
MERGE INTO order_items KEY (order_id, product_id) VALUES (1, 1, 2), (1, 2, 1), (2, 1, 1);
