import postgres from 'postgres';

/** Where the suite may create and drop its own databases (trust auth on this machine). */
export const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new PostgreSQL database (a copy of `template`, if named), its URL, and how to drop it. */
export async function createDatabase(name: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
  } catch (error) {
    await admin.end();
    throw new Error(
      `PostgreSQL at ${adminUrl} is needed for the PostgreSQL suites and did not answer: ${(error as Error).message}. Start it (scripts/test.sh does) or set TEST_POSTGRES_URL.`,
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
