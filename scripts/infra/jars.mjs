// Java and the Maven-fetched jars for Kafka and s3proxy, cached under .infra/lib/<profile>/.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileHash, paths } from './config.mjs';
import { InfraError, javaCommand, run, which } from './process.mjs';

const MIN_JAVA = 17;
let javaChecked;
let mavenQueue = Promise.resolve();

export function ensureJava() {
  javaChecked ??= (async () => {
    const java = javaCommand();
    const { code, output } = await run(java, ['-version']);
    if (code !== 0) {
      throw new InfraError(
        `java is not installed (or not on PATH): the local Kafka and s3proxy need Java ${MIN_JAVA}+, ` +
          `e.g. apt-get install openjdk-17-jre-headless. (${output.trim()})`,
      );
    }
    const major = Number.parseInt(/version "(\d+)/.exec(output)?.[1] ?? '0', 10);
    if (major < MIN_JAVA) throw new InfraError(`java ${major} found; Kafka 4 and s3proxy need Java ${MIN_JAVA}+`);
    return java;
  })();
  return javaChecked;
}

/** The classpath glob for a profile of scripts/infra/pom.xml, downloading the jars on first use. */
export function ensureJars(profile) {
  // One Maven at a time: concurrent runs can corrupt the shared ~/.m2 repository.
  const result = mavenQueue.then(() => fetchJars(profile));
  mavenQueue = result.catch(() => {});
  return result;
}

async function fetchJars(profile) {
  const dir = paths.lib(profile);
  const marker = `${dir}/.complete`;
  const wanted = `${fileHash(paths.pom)} ${profile}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted) return `${dir}/*`;

  if (!which('mvn')) {
    throw new InfraError(
      `mvn (Maven) is not installed: it downloads the ${profile} jars from Maven Central into ${dir}. ` +
        'Install it (e.g. apt-get install maven) or copy the jars there yourself.',
    );
  }
  rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  console.log(`infra: downloading ${profile} jars with Maven (first run only) ...`);
  const args = ['-q', '-B', '-ntp', '-f', paths.pom, '-P', profile, 'dependency:copy-dependencies'];
  const { code, output } = await run('mvn', args);
  if (code !== 0) {
    // eslint-disable-next-line no-control-regex -- Maven 3.8 colours its output even in batch mode
    const plain = output.replace(/\u001b\[[0-9;]*m/g, '').trim();
    throw new InfraError(`Maven could not fetch the ${profile} jars (mvn ${args.join(' ')}):\n${plain}`);
  }
  writeFileSync(marker, `${wanted}\n`);
  console.log(`infra: ${profile} jars ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return `${dir}/*`;
}
