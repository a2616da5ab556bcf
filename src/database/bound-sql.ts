import { EntityManager, EntityTarget, ObjectLiteral, QueryResult } from 'typeorm';

/**
 * Hand-written statements for the few hot paths where TypeORM's query builder costs more than
 * the statement: its SQLite driver writes numeric parameters into the SQL text, so a statement
 * such as the version-checked UPDATE is new text every time, prepared afresh, and pushes other
 * statements out of the driver's 100-entry cache. Here every value is a bound parameter.
 *
 * Write `?` for each parameter; it becomes the driver's own placeholder (`?` on SQLite, `$1`,
 * `$2`... on PostgreSQL). Table and column names come from the entity metadata, quoted by the
 * driver, so the text stays portable.
 */
export function boundSql(manager: EntityManager, sql: string): string {
  const driver = manager.connection.driver;
  const key = `${manager.connection.options.type}\u0000${sql}`;
  let converted = placeholders.get(key);
  if (converted === undefined) {
    let index = 0;
    converted = sql.replace(/\?/g, () => driver.createParameter(`p${index}`, index++));
    placeholders.set(key, converted);
  }
  return converted;
}

const placeholders = new Map<string, string>();

/** A data-changing statement inside a transaction; `affected` is the number of rows it changed. */
export async function runBound(manager: EntityManager, sql: string, parameters: unknown[]): Promise<QueryResult> {
  if (!manager.queryRunner) throw new Error('runBound needs the manager of a transaction');
  return manager.queryRunner.query(boundSql(manager, sql), parameters, true);
}

/** A SELECT; rows as the driver returns them (column names as selected, values not hydrated). */
export async function selectBound<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  return (await manager.query(boundSql(manager, sql), parameters)) as T[];
}

/** Quoted table and column names of an entity, for hand-written SQL. */
export function sqlNames<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>) {
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  return {
    table: driver.escape(metadata.tableName),
    column(property: keyof E & string): string {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) throw new Error(`${metadata.name} has no column ${property}`);
      return driver.escape(column.databaseName);
    },
  };
}
