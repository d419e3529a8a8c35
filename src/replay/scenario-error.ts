/** Why a scenario cannot be played; the message already names the step when there is one. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}
