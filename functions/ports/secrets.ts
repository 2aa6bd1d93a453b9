/** Secrets by name: Secrets Manager in AWS, environment or `.upkeep/secrets` locally. */
export interface Secrets {
  /** The secret's value; throws `NotFoundError` naming the secret when it does not exist. */
  get(name: string): Promise<string>;
}
