/**
 * A JSON document held as an object, as its text, or both, converting at most once each way. A
 * binding that receives text (a gRPC hop) hands it on unparsed, and the HTTP writer sends it as it
 * came; one that receives an object (in-process) is serialised once, by the writer. Stages that need
 * the object (protocol translation, usage estimates) parse it once, whoever asks first.
 */
export class Payload<T> {
  private constructor(
    private value: T | undefined,
    private json: string | undefined,
  ) {}

  static of<T>(value: T): Payload<T> {
    return new Payload<T>(value, undefined);
  }

  static fromJson<T>(json: string): Payload<T> {
    return new Payload<T>(undefined, json);
  }

  object(): T {
    if (this.value === undefined) this.value = JSON.parse(this.json!) as T;
    return this.value;
  }

  text(): string {
    if (this.json === undefined) this.json = JSON.stringify(this.value);
    return this.json;
  }
}
