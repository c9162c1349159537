"""`tsunagu train_crisis_model` (make model): train the crisis model (NAV-15) again.

Run it after changing data/navigator/labelled_texts.jsonl or adding a blind set; commit the
rewritten data/navigator/crisis_model.json with the sentences. Needs scikit-learn, which the
`test` extra installs (make install-test).
"""

from django.core.management.base import BaseCommand, CommandError

from tsunagu.navigator import crisis_model, labelled


class Command(BaseCommand):
    help = "Train the navigator's crisis model on the labelled and blind sets and save it."

    def handle(self, *args, **options):
        try:
            import sklearn  # noqa: F401
        except ImportError as error:
            raise CommandError(
                "scikit-learn がありません。make install-test の後でもう一度実行してください。"
            ) from error
        files = labelled.training_files()
        missing = [str(path) for path in files if not path.exists()]
        if missing:
            raise CommandError(f"学習用のファイルが見つかりません: {', '.join(missing)}")
        try:
            examples = labelled.read_all(files)
            model = crisis_model.train(examples, trained_on=labelled.digest(files))
        except ValueError as error:
            raise CommandError(str(error)) from error
        path = crisis_model.model_path()
        path.write_text(model.to_json(), encoding="utf-8")
        crises = sum(example.crisis for example in examples)
        self.stdout.write(
            f"{len(examples)} sentences ({crises} crisis) from {len(files)} files;"
            f" {len(model.grams)} n-grams -> {path}"
        )
