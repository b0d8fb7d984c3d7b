/**
 * A conditional write: true if it was made, false if its condition failed; any other error is
 * thrown. Every "write only if" in the adapters goes through this.
 */
export async function conditionally(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}
