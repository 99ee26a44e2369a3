-- A retention policy may carry a tier per store ({"daily": 7, "stores": {"archive": {"monthly": 12}}}).
ALTER TABLE retention_policies ALTER COLUMN policy SET DATA TYPE VARCHAR(8000);
