import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** The least a JSON stage can do: split lines, parse each, serialize each, in 256 KB chunks. */
export async function* parseAndSerialize(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest = '';
  let out: string[] = [];
  let size = 0;
  for await (const chunk of body) {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      const text = `${JSON.stringify(JSON.parse(line))}\n`;
      out.push(text);
      size += text.length;
    }
    if (size >= 256 * 1024) {
      yield Buffer.from(out.join(''));
      out = [];
      size = 0;
    }
  }
  if (rest !== '') out.push(`${JSON.stringify(JSON.parse(rest))}\n`);
  if (out.length > 0) yield Buffer.from(out.join(''));
}

/** A hand-written S3 stream: GET the object, split, parse, serialize, multipart-upload it. */
export async function rawPass(
  s3: S3Client,
  bucket: string,
  from: string,
  to: string,
): Promise<void> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: from }));
  await new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: to,
      Body: Readable.from(parseAndSerialize(object.Body as AsyncIterable<Buffer>)),
    },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
  }).done();
}
