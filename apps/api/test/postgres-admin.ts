/** Where the suite may create and drop its own databases (trust auth on this machine). */
export const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
