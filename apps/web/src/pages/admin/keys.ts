let counter = 0;

/** A stable React key for an item a person can add, remove and reorder in a list editor. */
export const newKey = () => `k${++counter}`;
