import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { entryTopics, findTopic, topicSlug } from '../../../src/core/knowledge/topics.ts';
import { ROOT, useFolders } from '../../support/core-harness.ts';

const folder = useFolders('topics-');

describe('topics of plain notes', () => {
  it('are the folder names, the file name and the H1 title; tags win where a note has them', () => {
    const kb = loadKnowledge(path.join(ROOT, 'tests/fixtures/plain-notes'));
    const redis = kb.entries.find(e => e.id === 'databases/redis#what-is-redis')!;
    expect(entryTopics(redis)).toEqual(['databases', 'redis']); // the H1 "Redis" is the same slug as the file
    const docker = kb.entries.find(e => e.id === 'docker/containers#what-is-an-image')!;
    expect(entryTopics(docker)).toEqual(['docker', 'containers']);
    expect(docker.tags).toEqual([]); // derived topics are no tags: the matcher does not index them
    const dir = folder({
      'System Design/01-caching.md': '# Caching strategies\n\n## What is cache-aside?\n\nThe application reads the cache first and loads from the database on a miss.\n',
      'notes/README.md': '# Every question we were asked in 2023 interviews\n\n## Q1\n\ntext\n',
      'tagged.md': '---\ntags: [Python]\n---\n# Tagged\n\n## What is a list?\n\nA mutable sequence.\n',
    });
    const own = loadKnowledge(dir);
    expect(entryTopics(own.entries.find(e => e.id === 'System Design/01-caching#what-is-cache-aside')!)).toEqual(['system-design', 'caching', 'caching-strategies']);
    // Generic names (notes, README) and a long H1 are no topics.
    expect(entryTopics(own.entries.find(e => e.id === 'notes/README#q1')!)).toEqual([]);
    expect(entryTopics(own.entries.find(e => e.id === 'tagged#what-is-a-list')!)).toEqual(['python']);
  });

  it('are found as typed: case, spaces and dashes forgiven', () => {
    expect(topicSlug('System Design')).toBe('system-design');
    expect(topicSlug('02_Kubernetes.md')).toBe('kubernetes');
    expect(findTopic(['system-design', 'docker'], 'System Design')).toBe('system-design');
    expect(findTopic(['system-design', 'docker'], 'DOCKER')).toBe('docker');
    expect(findTopic(['docker'], 'k8s')).toBeUndefined();
  });
});
