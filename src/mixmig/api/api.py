from ninja import NinjaAPI

api = NinjaAPI(title="mixmig API", version="1", urls_namespace="api")
